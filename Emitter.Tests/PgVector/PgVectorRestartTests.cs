using System.Text.Json;
using Emitter.Generator;
using Emitter.Generator.Configuration;
using Emitter.Tests.Cli;
using Emitter.Tests.Faults;
using Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>
/// The server goes away in the middle of a run and comes back: the pipeline's retries fill the
/// gap, ON CONFLICT keeps batches retried after an unknown outcome from doubling. A server of
/// its own (own port, own data), so other tests go on. Every step waits for an event, not a
/// time window: rows arrive, the generator finds the server down (a refused connection at the
/// proxy in front of it), rows arrive again after the restart; only then does the run stop.
/// </summary>
public class PgVectorRestartTests
{
    // Real time, only to turn a hang into a failure.
    private static readonly TimeSpan HangDetector = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_server_stopped_and_restarted_during_a_run_loses_and_duplicates_nothing()
    {
        _ = PgVectorTestDatabase.ConnectionString; // no server provisioned: fail here, saying how to get one
        var ct = TestContext.Current.CancellationToken;
        var port = PgVectorScripts.FreePort();
        var connectionString = await PgVectorScripts.UpAsync(port);
        var table = PgVectorTestDatabase.NewTable("restart");
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        try
        {
            await using var proxy = FaultProxy.ToPostgres(port);
            var viaProxy = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port, SslMode = SslMode.Disable };
            await using var db = await PgVectorTestDatabase.OpenAsync(connectionString);
            var sinks = $"  - type: pgvector\n    connection_string: \"{viaProxy.ConnectionString}\"\n    table_name: {table}\n    create_indexes: false\n";
            using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory, sinks, "run_duration_secs: 0"));
            var stderr = new StringWriter();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var run = new GeneratorApp(new MemoryStream(), TextWriter.Synchronized(stderr))
                .RunAsync(new GeneratorOptions(config.Path, new ConfigOverrides(), summaryFile.Path), stop.Token);

            await RowsAsync(db, table, above: 0, run).WaitAsync(HangDetector, ct);
            await PgVectorScripts.DownAsync(port);
            await proxy.UpstreamRefused.Task.WaitAsync(HangDetector, ct); // a write met the outage
            await PgVectorScripts.UpAsync(port);
            await using (var afterRestart = await PgVectorTestDatabase.OpenAsync(connectionString))
            {
                var before = await afterRestart.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"");
                await RowsAsync(afterRestart, table, above: before, run).WaitAsync(HangDetector, ct); // and writing resumed
            }
            await stop.CancelAsync(); // as Ctrl+C does: the emitters stop, the queues drain

            var exit = await run.WaitAsync(HangDetector, ct);
            var errors = stderr.ToString();
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, ct));
            var emitted = summary.RootElement.GetProperty("emitted").GetInt64();
            var sink = summary.RootElement.GetProperty("sinks").GetProperty("pgvector");
            Assert.True(exit == 0, errors);
            Assert.True(sink.GetProperty("retried").GetInt64() > 0, "the outage was not noticed: " + errors);
            Assert.Equal(0, sink.GetProperty("failed").GetInt64());
            Assert.Equal(emitted, sink.GetProperty("delivered").GetInt64());

            await using var after = await PgVectorTestDatabase.OpenAsync(connectionString);
            Assert.Equal(emitted, await after.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
            Assert.Equal(emitted, await after.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\""));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PgVectorScripts.DownAsync(port, wipe: true);
        }
    }

    /// <summary>Waits until the table holds more than <paramref name="above"/> rows (polling the table is how its change is observed); fails if the run ends first.</summary>
    private static async Task RowsAsync(NpgsqlDataSource db, string table, long above, Task run)
    {
        while (true)
        {
            Assert.False(run.IsCompleted, "the run ended before the rows this step waits for");
            if (await db.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", $"\"{table}\"")
                && await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"") > above) return;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
