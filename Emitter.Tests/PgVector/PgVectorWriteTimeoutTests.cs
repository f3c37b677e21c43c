using Emitter.Tests.Sinks;
using Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>
/// A write the server takes longer over than Npgsql's command timeout (HNSW at 1,536
/// dimensions: ~180 rows/s per connection) gets a timeout that fits its entries, and one that
/// times out anyway is failed after a few tries instead of being cancelled and retried forever.
/// The server is made slow on purpose by a trigger that sleeps.
/// </summary>
public class PgVectorWriteTimeoutTests
{
    // The connection string's Command Timeout, made small: the floor every write gets.
    private const int FloorSecs = 1;

    // Longer than any of these writes may take once the fix is in; today's retries last until it ends.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("copy")]
    [InlineData("unnest")]
    public async Task A_write_slower_than_the_floor_gets_a_timeout_that_fits_its_entries(string mode)
    {
        // 100 rows × 20 ms = 2 s a write: over the 1 s floor, well within what 100 rows are allowed.
        var (stats, rows) = await RunAsync(mode, 100, "ROW", "pg_sleep(0.02)");

        Assert.Null(stats.FirstError);
        Assert.Equal((100L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(100, rows);
    }

    [Theory]
    [InlineData("copy")]
    [InlineData("unnest")]
    public async Task A_write_that_times_out_every_time_is_failed_after_a_few_tries_not_retried_forever(string mode)
    {
        // 10 rows are allowed the 1 s floor; the statement sleeps 4 s, every time.
        var (stats, rows) = await RunAsync(mode, 10, "STATEMENT", "pg_sleep(4)");

        Assert.Equal((0L, 10L), (stats.Delivered, stats.Failed));
        Assert.Contains("timed out", stats.FirstError);
        Assert.DoesNotContain("grace period", stats.FirstError);
        Assert.InRange(stats.Retries, 1, 2);
        Assert.Equal(0, rows);
    }

    private static async Task<(Generator.Batching.SinkStats Stats, long Rows)> RunAsync(string mode, int entries, string level, string sleep)
    {
        var table = PgVectorTestDatabase.NewTable($"slow_{mode}");
        var function = $"{table}_sleep";
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(PgVectorTestDatabase.ConnectionString) { CommandTimeout = FloorSecs }.ConnectionString;
        try
        {
            var pool = PgVectorTestPools.Build(20, 16);
            await using var sink = PgVectorSinks.Create(PgVectorSinks.Config(table, connectionString, ("write_mode", mode), ("create_indexes", "false")));
            var (stats, _) = await SinkDrive.RunAsync(sink, pool, SinkDrive.Entries(pool, entries), grace: Grace, afterInitialize: async () =>
            {
                await ExecuteAsync(db, $"CREATE FUNCTION \"{function}\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM {sleep}; RETURN NULL; END $$");
                await ExecuteAsync(db, $"CREATE TRIGGER slow AFTER INSERT ON \"{table}\" FOR EACH {level} EXECUTE FUNCTION \"{function}\"()");
            });
            return (stats, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
            await ExecuteAsync(db, $"DROP FUNCTION IF EXISTS \"{function}\"()");
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
