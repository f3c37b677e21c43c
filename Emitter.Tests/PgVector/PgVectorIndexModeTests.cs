using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Tests.Sinks;

namespace Emitter.Tests.PgVector;

/// <summary>index_mode on the real PostgreSQL + pgvector: the columns and indexes each mode makes, the rows it writes, and a table of another mode refused.</summary>
public class PgVectorIndexModeTests
{
    private const string Columns = "SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2";
    private const string Indexes = "SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexdef ILIKE $2";

    [Theory]
    [InlineData("keyword", "copy", false, true)]
    [InlineData("keyword", "unnest", false, true)]
    [InlineData("vector", "copy", true, false)]
    [InlineData("hybrid", "copy", true, true)]
    public async Task Each_mode_makes_only_its_columns_and_indexes_and_writes_every_entry(string mode, string writeMode, bool vectors, bool text)
    {
        var table = PgVectorTestDatabase.NewTable("mode");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var pool = PgVectorTestPools.Build(16, 8);
            var entries = SinkDrive.Entries(pool, 300);
            var (stats, _) = await SinkDrive.RunAsync(PgVectorSinks.Create(table, ("index_mode", mode), ("write_mode", writeMode)), pool, entries, batchSize: 100);

            Assert.True(stats.Delivered == 300, stats.FirstError);
            Assert.Equal(300L, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
            Assert.Equal(vectors ? 1L : 0L, await db.ScalarAsync<long>(Columns, table, "embedding"));
            Assert.Equal(text ? 1L : 0L, await db.ScalarAsync<long>(Columns, table, "message_tsv"));
            Assert.Equal(vectors ? 1L : 0L, await db.ScalarAsync<long>(Indexes, table, "%USING hnsw%"));
            Assert.Equal(text ? 2L : 0L, await db.ScalarAsync<long>(Indexes, table, "%USING gin%"));
            Assert.Contains($"\"index_mode\":\"{mode}\"", await db.ScalarAsync<string>("SELECT obj_description(to_regclass($1), 'pg_class')", $"\"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Theory]
    [InlineData("hybrid", "keyword")]
    [InlineData("keyword", "vector")]
    [InlineData("vector", "hybrid")]
    public async Task A_table_built_for_another_mode_is_refused_naming_both(string built, string wanted)
    {
        var table = PgVectorTestDatabase.NewTable("modeswap");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var pool = PgVectorTestPools.Build(8, 8);
            var context = new Emitter.Generator.Sinks.SinkContext(pool, pool.Embedding!);
            await using (var first = PgVectorSinks.Create(table, ("index_mode", built))) await first.InitializeAsync(context, TestContext.Current.CancellationToken);

            await using var sink = PgVectorSinks.Create(table, ("index_mode", wanted));
            var error = await Assert.ThrowsAsync<ConfigException>(() => sink.InitializeAsync(context, TestContext.Current.CancellationToken));
            foreach (var part in new[] { "test.yaml", table, $"index_mode {built}", $"index_mode {wanted}" }) Assert.Contains(part, error.Message);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
