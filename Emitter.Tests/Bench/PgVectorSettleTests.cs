using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores.PgVector;
using Emitter.Tests.Fakes;
using Emitter.Tests.PgVector;

namespace Emitter.Tests.Bench;

/// <summary>
/// What the settle step must undo on the real pgvector (issue 20.7, docs/bench-method.md "Why keyword
/// p50 fell when writes began"): rows written while the GIN indexes exist (a table the config names,
/// or build_indexes_after_preseed: false) wait in each GIN index's pending list (fastupdate, up to
/// gin_pending_list_limit, 4 MB), which every keyword query reads through in full; the first writes
/// that push it past the limit merge it, and keyword queries get faster for no reason of the
/// phase's. The settle's VACUUM merges it before the first phase (ANALYZE alone does not).
/// </summary>
public class PgVectorSettleTests
{
    [Fact]
    public async Task Settle_merges_the_gin_pending_lists_a_load_into_an_indexed_table_leaves_and_gathers_statistics()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = PgVectorTestDatabase.NewTable("settle");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var pool = TestPools.Small(dimensions: 8);
            await using (var connection = await db.OpenConnectionAsync(ct))
                Assert.Null(await PgVectorSchema.EnsureAsync(connection, table, pool.Embedding!, createIndexes: true, ct));
            // Autovacuum would merge the lists on its own schedule: off for this table, so only the settle can.
            await using (var load = db.CreateCommand($"""
                CREATE EXTENSION IF NOT EXISTS pgstattuple;
                ALTER TABLE "{table}" SET (autovacuum_enabled = false);
                INSERT INTO "{table}" (id, "timestamp", service, level, message, embedding)
                SELECT gen_random_uuid(), now(), 'api', 'INFO', 'payment ' || (i % 97) || ' declined for order ' || i || ' by gateway ' || (i % 13), '[1,0,0,0,0,0,0,0]'
                FROM generate_series(1, 3000) i;
                """))
                await load.ExecuteNonQueryAsync(ct);
            var before = await PendingAsync(db, table);
            Assert.True(before.All(p => p.Pages > 0), $"the load left no pending list: {string.Join(", ", before)}");

            var config = SearchStoreChecks.Sink(SinkTypes.PgVector, ("connection_string", PgVectorTestDatabase.ConnectionString), ("table_name", table));
            await using var store = await SearchStoreChecks.OpenAsync(config, pool);
            Assert.Equal("VACUUM ANALYZE", await store.SettleAsync(SettleConfig.Default, ct));

            var after = await PendingAsync(db, table);
            TestContext.Current.TestOutputHelper?.WriteLine($"GIN pending lists after a 3,000-row load: {string.Join(", ", before)}; after the settle: {string.Join(", ", after)}");
            Assert.All(after, p => Assert.Equal(0L, p.Pages));
            Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE tablename = $1 AND attname = 'message_tsv'", table) == 1, "no statistics on message_tsv");
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    /// <summary>Each GIN index of the table and the pages of its pending list (pgstattuple's pgstatginindex).</summary>
    private static async Task<List<(string Index, long Pages)>> PendingAsync(Npgsql.NpgsqlDataSource db, string table)
    {
        await using var command = db.CreateCommand("""
            SELECT c.relname, (pgstatginindex(c.oid)).pending_pages::bigint FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = $1::regclass AND a.amname = 'gin' ORDER BY c.relname
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = PgVectorIdentifier.Quote(table) });
        var found = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) found.Add((reader.GetString(0), reader.GetInt64(1)));
        Assert.Equal(2, found.Count); // message_tsv's and the expression index
        return found;
    }
}
