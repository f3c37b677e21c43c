using System.Text.RegularExpressions;
using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>
/// Full-text queries are served by an index whichever form a client writes: the generated
/// column (<c>message_tsv @@ ...</c>) or the expression computed in the query
/// (<c>to_tsvector('english', message) @@ ...</c>, qstorm's pgvector provider).
/// </summary>
public partial class PgVectorTextIndexTests
{
    // The keyword query as clients send it (ts_rank, top 10), reading the column or the expression.
    private static string Keyword(string table, string tsv) =>
        $"SELECT id, ts_rank({tsv}, plainto_tsquery('english', $1)) AS score FROM \"{table}\" WHERE {tsv} @@ plainto_tsquery('english', $1) ORDER BY score DESC LIMIT 10";

    private const string Column = "message_tsv";
    private const string Expression = "to_tsvector('english', message)";

    [Fact]
    public async Task Both_query_forms_use_an_index_on_a_table_the_sink_made()
    {
        var table = PgVectorTestDatabase.NewTable("textidx");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var pool = PgVectorTestPools.Build(40, 16);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await StartAsync(table, pool, PgVectorTestBatches.Of(pool, perMessage: 8));
            var word = LongestWord(pool.Messages[0].Text);

            await using var connection = await db.OpenConnectionAsync(ct);
            // 320 rows fit in a few pages, so the planner rightly reads them whole; switching
            // sequential scans off asks whether an index CAN serve the form (without one the plan
            // stays a Seq Scan). On 200,000 rows it picks the index by itself (the text-index benchmark).
            await ExecuteAsync(connection, "SET enable_seqscan = off");
            Assert.Contains($"{table}_message_tsv_gin", await IndexesScannedAsync(connection, Keyword(table, Column), word));
            Assert.Contains($"{table}_message_fts_gin", await IndexesScannedAsync(connection, Keyword(table, Expression), word));

            // Served by the index, the expression form finds what the column form finds.
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE {Expression} @@ plainto_tsquery('english', $1) AND message = $2", connection);
            count.Parameters.Add(new NpgsqlParameter { Value = word });
            count.Parameters.Add(new NpgsqlParameter { Value = pool.Messages[0].Text });
            Assert.Equal(8L, (long)(await count.ExecuteScalarAsync(ct))!);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Fact]
    public async Task A_table_made_before_the_expression_index_gets_it_at_start_unless_create_indexes_is_false()
    {
        var table = PgVectorTestDatabase.NewTable("textold");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var pool = PgVectorTestPools.Build(12, 8);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await StartAsync(table, pool, PgVectorTestBatches.Of(pool, perMessage: 2));
            // What the schema made before: the same table with the HNSW and message_tsv GIN indexes only.
            await using (var drop = db.CreateCommand($"DROP INDEX \"{table}_message_fts_gin\""))
                await drop.ExecuteNonQueryAsync(ct);
            Assert.Equal(1, await IndexCountAsync(db, table, "gin"));

            await StartAsync(table, pool, null, ("create_indexes", "false"));
            Assert.Equal(1, await IndexCountAsync(db, table, "gin"));

            await StartAsync(table, pool, null);
            var definition = await db.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $2", table, $"{table}_message_fts_gin");
            Assert.Contains("gin (to_tsvector('english'::regconfig, message))", definition);
            Assert.Equal(2, await IndexCountAsync(db, table, "gin"));
            Assert.Equal(24L, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    /// <summary>A sink's start on the table (which makes or completes it), then the batch, if any.</summary>
    private static async Task StartAsync(string table, MessagePool pool, Batch? batch, params (string Key, string Value)[] settings)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = PgVectorSinks.Create(table, settings);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), ct);
        if (batch is not null) await sink.WriteAsync(batch, ct);
    }

    private static string LongestWord(string text) =>
        WordPattern().Matches(text).Select(m => m.Value).OrderByDescending(w => w.Length).First();

    private static async Task<IReadOnlyList<string>> IndexesScannedAsync(NpgsqlConnection connection, string sql, string word)
    {
        await using var explain = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) {sql}", connection);
        explain.Parameters.Add(new NpgsqlParameter { Value = word });
        var plan = (string)(await explain.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        return IndexNamePattern().Matches(plan).Select(m => m.Groups[1].Value).ToList();
    }

    private static async Task<int> IndexCountAsync(NpgsqlDataSource db, string table, string method) =>
        (int)await db.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE $2", table, $"% USING {method} %");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    // Letters only, 5 or more: a message's longest such word is no stop word, so the query keeps it.
    [GeneratedRegex(@"\b[A-Za-z]{5,}\b")]
    private static partial Regex WordPattern();

    [GeneratedRegex("\"Index Name\": \"([^\"]+)\"")]
    private static partial Regex IndexNamePattern();
}
