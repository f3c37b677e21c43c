using System.Diagnostics;
using System.Globalization;
using Emitter.Generator.Stores.PgVector;
using Npgsql;
using Pgvector;
using Pgvector.Npgsql;

namespace Emitter.Performance.TextIndex;

/// <summary>
/// Which full-text index serves the queries clients send (issue 11, point 6): three schemas,
/// each loaded through the sink's own write path (copy mode, its default 2 connections) with
/// its GIN index(es) present and the HNSW index absent, since inserting into the graph runs at
/// a few hundred rows/s and would hide the text index's share; then (with --hnsw) HNSW is
/// built, the table vacuumed and analysed (a settled table, as autovacuum leaves it), and both
/// keyword forms and qstorm's hybrid RRF are timed and EXPLAINed on it.
/// </summary>
public static class TextIndexBenchmark
{
    public static async Task RunAsync(TextIndexOptions options)
    {
        var connectionString = await PgVectorServerLocator.ConnectionStringAsync();
        var pool = BenchmarkPools.Create(2_000, options.Dimensions);
        var batches = PgVectorBenchmark.Batches(pool, options.Rows, options.BatchSize);
        var schemas = TextIndexSchema.All;
        var vectors = options.Hnsw ? "HNSW built after the load" : "no HNSW: the hybrid's vector half is an exact scan";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text-index benchmark: {options.Rows:N0} rows ({pool.Messages.Count:N0} distinct messages), {options.Dimensions} dimensions, batches of {options.BatchSize:N0}; "
            + $"sink copy mode on 2 connections, GIN present and HNSW absent during the load; load rate the median of {options.Repeats}; {vectors}"));

        // Round by round, each schema once per round: a busy machine slows all of them alike.
        var loads = schemas.ToDictionary(s => s.Key, _ => new List<double>());
        for (var round = 0; round < options.Repeats; round++)
        {
            foreach (var schema in schemas)
            {
                var run = new PgVectorBenchmarkRun(connectionString, pool, batches, hnsw: false, schema.Table, schema.AlterSql);
                loads[schema.Key].Add(await run.SinkAsync(PgVectorWriteMode.Copy, 2));
            }
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        await using var source = builder.Build();
        await using var connection = await source.OpenConnectionAsync();
        var phrases = TextIndexQuery.Phrases(pool, options.Queries);
        var keywordParameters = phrases.Select(p => new object[] { p.Phrase }).ToArray();
        var hybridParameters = phrases.Select(p => new object[] { new Vector(p.Vector), p.Phrase, 20L, 10L }).ToArray();
        var budget = TimeSpan.FromSeconds(options.CellSeconds);
        var lines = new List<string>();
        var sizes = new Dictionary<string, (double Mb, double HnswSeconds)>();
        foreach (var schema in schemas)
        {
            var hnsw = options.Hnsw ? await TimeAsync(connection, PgVectorSchema.EmbeddingIndexSql(schema.Table)) : TimeSpan.Zero;
            await ExecuteAsync(connection, $"VACUUM ANALYZE {schema.Table}");
            var bytes = await ScalarAsync<long>(connection, $"SELECT pg_total_relation_size('{schema.Table}')");
            sizes[schema.Key] = (bytes / 1048576.0, hnsw.TotalSeconds);
            foreach (var query in TextIndexQuery.All)
            {
                if (query.NeedsColumn && !schema.HasColumn) continue; // no message_tsv to read: this form cannot run
                var sql = query.Sql(schema.Table);
                var parameters = query.IsHybrid ? hybridParameters : keywordParameters;
                var plan = await TextIndexPlan.ScansAsync(connection, schema.Table, sql, parameters[0]);
                var result = await TextIndexLatency.MeasureAsync(connection, sql, parameters, options.Queries, budget);
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| ({schema.Key}) | {query.Name} | {result.Count:N0} | {result.P50Ms:0.00} | {result.P99Ms:0.00} | {result.MaxMs:0.00} | {plan} |"));
            }
        }

        // What a sink's start does to a table made by the old schema: build the expression index on its rows.
        var added = await TimeAsync(connection, PgVectorSchema.MessageExpressionIndexSql(schemas[0].Table));

        Console.WriteLine();
        Console.WriteLine(options.Hnsw ? "| schema | load rows/s (each) | table + indexes MB | HNSW build after load, s |" : "| schema | load rows/s (each) | table + indexes MB |");
        Console.WriteLine(options.Hnsw ? "| --- | ---: | ---: | ---: |" : "| --- | ---: | ---: |");
        foreach (var schema in schemas)
        {
            var each = loads[schema.Key];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| ({schema.Key}) {schema.Label} | {each.Order().ElementAt(each.Count / 2):N0} ({string.Join(", ", each.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}) | {sizes[schema.Key].Mb:N0} |{(options.Hnsw ? $" {sizes[schema.Key].HnswSeconds:0.0} |" : "")}"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Query latency, one client, ms ({options.Queries} phrases, or fewer where a form ran out of its {options.CellSeconds:0} s budget):"));
        Console.WriteLine("| schema | query | n | p50 | p99 | max | scans (EXPLAIN) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var line in lines) Console.WriteLine(line);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nAdding the expression GIN index to (a)'s {options.Rows:N0} rows, as a sink's start does for a table made before: {added.TotalSeconds:0.0} s"));

        foreach (var schema in schemas) await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {schema.Table}");
    }

    private static async Task<TimeSpan> TimeAsync(NpgsqlConnection connection, string sql)
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(connection, sql);
        return clock.Elapsed;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
