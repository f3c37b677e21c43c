using Emitter.Generator.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.PgVector;

/// <summary>A server that refuses the sink, or is not there: the run stops before it starts, saying what to do, never the password.</summary>
public class PgVectorUnavailableTests
{
    private const string Password = "Wr0ng-Secret-42";

    [Fact]
    public async Task A_wrong_password_is_refused_without_repeating_it()
    {
        var real = new Npgsql.NpgsqlConnectionStringBuilder(PgVectorTestDatabase.ConnectionString) { Password = Password };
        var pool = PgVectorTestPools.Build(8, 8);
        await using var sink = PgVectorSinks.Create(PgVectorSinks.Config("never", real.ConnectionString));

        var error = await Assert.ThrowsAsync<SinkSetupException>(() => sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken));

        Assert.Contains($"{real.Username}@{real.Host}:{real.Port}/{real.Database}", error.Message);
        Assert.Contains("28P01", error.Message);
        Assert.DoesNotContain(Password, error.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_waited_for_then_named_with_how_to_start_one()
    {
        var port = PgVectorScripts.FreePort(); // nothing listens there
        var time = new FakeTimeProvider();
        var pool = PgVectorTestPools.Build(8, 8);
        await using var sink = PgVectorSinks.Create(PgVectorSinks.Config("never", $"Host=127.0.0.1;Port={port};Username=u;Password={Password};Database=d"), time);

        var init = sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
        while (!init.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var error = await Assert.ThrowsAsync<SinkSetupException>(() => init);
        // The same setup patience as every other sink (Qdrant, Elasticsearch): see SinkRetryTests.
        Assert.Contains($"127.0.0.1:{port}/d not ready after {Generator.Resilience.RetryPolicies.SetupPatience.TotalSeconds:0} s", error.Message);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("scripts/pgvector-up.sh", error.Message);
        Assert.DoesNotContain(Password, error.Message);
    }
}
