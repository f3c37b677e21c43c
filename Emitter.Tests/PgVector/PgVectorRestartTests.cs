using System.Text.Json;
using Emitter.Tests.Cli;

namespace Emitter.Tests.PgVector;

/// <summary>
/// The server goes away for a few seconds in the middle of a run and comes back: the
/// pipeline's retries fill the gap, ON CONFLICT keeps batches retried after an unknown
/// outcome from doubling. A server of its own (own port, own data), so other tests go on.
/// </summary>
public class PgVectorRestartTests
{
    [Fact]
    public async Task A_server_stopped_and_restarted_during_a_run_loses_and_duplicates_nothing()
    {
        _ = PgVectorTestDatabase.ConnectionString; // no server provisioned: fail here, saying how to get one
        var port = PgVectorScripts.FreePort();
        var connectionString = await PgVectorScripts.UpAsync(port);
        var table = PgVectorTestDatabase.NewTable("restart");
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        try
        {
            await using var db = await PgVectorTestDatabase.OpenAsync(connectionString);
            var sinks = $"  - type: pgvector\n    connection_string: \"{connectionString}\"\n    table_name: {table}\n    create_indexes: false\n";
            var run = GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks), "--duration-secs", "10", "--summary", summaryFile.Path);

            // As soon as rows arrive, stop the server for 4 s, then start it again.
            var tableExists = false;
            while (!run.IsCompleted && !(tableExists && await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"") > 0))
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
                tableExists = await db.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", $"\"{table}\"");
            }
            await PgVectorScripts.DownAsync(port);
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
            await PgVectorScripts.UpAsync(port);

            var (exit, _, errors) = await run;
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken));
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
            await PgVectorScripts.DownAsync(port, wipe: true);
        }
    }
}
