using System.Text.Json;
using Emitter.Generator.Bench.Truth;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.PgVector;
using Npgsql;
using Pgvector;

namespace Emitter.Tests.Bench;

/// <summary>
/// recall_exact against the real PostgreSQL with pgvector: a table searched by exact scan scores
/// 1.0, and one searched through its HNSW index scores what an exact SQL scan of the same
/// queries at the same moment says it should.
/// </summary>
public class ExactRecallPgVectorTests
{
    private const int TopK = 10;

    private static string Bench(int exactEvery) => $"""
          preseed_entries: 3000
          phases:
            - {"{"}name: steady, duration_secs: 3, write_rate: 0{"}"}
          queries:
            modes: [vector, hybrid]
            rate_per_sec: 20
            warmup: 0
            top_k: {TopK}
          freshness:
            interval_ms: 0
          relevance:
            needles: 0
            exact_every: {exactEvery}
        """;

    [Fact]
    public async Task Without_an_HNSW_index_every_sampled_vector_query_finds_the_exact_top_k()
    {
        var table = PgVectorTestDatabase.NewTable("exact");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var yaml = PgVectorBench.Yaml(table, Bench(exactEvery: 2)).Replace($"table_name: {table}\n", $"table_name: {table}\n    create_indexes: false\n");
            var (summary, _) = await PgVectorBench.RunAsync(yaml);

            Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%hnsw%'", table));
            using var json = JsonDocument.Parse(summary.ToJson());
            var steady = json.RootElement.GetProperty("bench").GetProperty("phases")[0].GetProperty("queries").GetProperty("pgvector");
            var vector = steady.GetProperty("vector");
            var hybrid = steady.GetProperty("hybrid");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"exact scan: vector recall_exact {vector.GetProperty("recall_exact")} over {vector.GetProperty("recall_exact_samples")} samples; hybrid {hybrid.GetProperty("recall_exact")} over {hybrid.GetProperty("recall_exact_samples")}");
            Assert.True(vector.GetProperty("recall_exact_samples").GetInt64() >= 10, vector.ToString());
            Assert.False(vector.TryGetProperty("recall_exact_skipped", out _), vector.ToString());
            Assert.Equal(1.0, vector.GetProperty("recall_exact").GetDouble());
            Assert.True(hybrid.GetProperty("recall_exact_samples").GetInt64() >= 10, hybrid.ToString());
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Fact]
    public async Task With_an_HNSW_index_recall_exact_equals_an_exact_sql_scan_of_the_same_queries()
    {
        var table = PgVectorTestDatabase.NewTable("exact");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var (summary, bench) = await PgVectorBench.RunAsync(PgVectorBench.Yaml(table, Bench(exactEvery: 1)));
            Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%hnsw%'", table));
            using var json = JsonDocument.Parse(summary.ToJson());
            var vector = json.RootElement.GetProperty("bench").GetProperty("phases")[0].GetProperty("queries").GetProperty("pgvector").GetProperty("vector");
            var samples = vector.GetProperty("recall_exact_samples").GetInt32();
            // The bench's queries ran with its search width (bench.queries.ef), not the server's default.
            var ef = json.RootElement.GetProperty("bench").GetProperty("search_settings").GetProperty("pgvector").GetProperty("hnsw.ef_search").GetInt32();
            Assert.True(samples >= 10, vector.ToString());

            // Nothing is written after the phase: the table is as every sampled query saw it. The
            // queries were taken in turn, so sample j was query j mod Q.
            var queries = bench.Plan.Queries;
            var perQuery = new double[queries.Count];
            for (var q = 0; q < queries.Count; q++)
            {
                var vectorOf = new Vector(queries[q].Vector);
                var hnsw = await IdsAsync(db, table, vectorOf, exact: false, efSearch: ef);
                var exact = await IdsAsync(db, table, vectorOf, exact: true);
                perQuery[q] = ExactRecall.Overlap(hnsw, exact, TopK);
            }
            var expected = Math.Round(Enumerable.Range(0, samples).Average(j => perQuery[j % queries.Count]), 4);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"HNSW (ef_search {ef}): recall_exact {vector.GetProperty("recall_exact")} over {samples} samples; exact SQL scan of the same queries: {expected}; per query min {perQuery.Min():0.0##}");
            Assert.Equal(expected, vector.GetProperty("recall_exact").GetDouble(), 4);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    /// <summary>
    /// The store's own vector query, through the HNSW index (with the search width the bench set,
    /// or the server's default of 40) or (SET enable_indexscan = off) by exact scan.
    /// </summary>
    internal static async Task<IReadOnlyList<Guid>> IdsAsync(NpgsqlDataSource db, string table, Vector query, bool exact, int limit = TopK, int? efSearch = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (efSearch is { } ef)
        {
            await using var width = new NpgsqlCommand($"SET LOCAL hnsw.ef_search = {ef}", connection, transaction);
            await width.ExecuteNonQueryAsync(ct);
        }
        if (exact)
        {
            await using var off = new NpgsqlCommand("SET LOCAL enable_indexscan = off", connection, transaction);
            await off.ExecuteNonQueryAsync(ct);
        }
        await using var command = new NpgsqlCommand(Emitter.Generator.Stores.PgVector.PgVectorSearchSql.Vector(table), connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = query });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
