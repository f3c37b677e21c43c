using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Emitter.Tests.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Emitter.Tests.AppHost;

/// <summary>
/// `dotnet run --project Emitter.AppHost` on a machine without a container runtime: the
/// generator, the dashboard and this machine's pgvector run, entries flow, telemetry exports.
/// </summary>
public sealed class AppHostWithoutContainersTests(LocalAppHostFixture fixture) : IClassFixture<LocalAppHostFixture>
{
    private static readonly TimeSpan FlowLimit = TimeSpan.FromSeconds(90);
    private static readonly string[] ServiceNames = ["api-gateway", "order-service", "payment-service", "inventory-worker"];

    [Theory]
    [InlineData("generator")]
    [InlineData("dashboard")]
    [InlineData("pgvector")]
    public void ResourceIsRunningAndHealthy(string name)
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(name, out var state), $"no resource {name}");
        Assert.Equal(KnownResourceStates.Running, state.Snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
    }

    [Fact]
    public void PgvectorRunsAsThisMachinesServerAndNoContainerIsDeclared()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.IsType<LocalPgVectorResource>(model.Resources.Single(r => r.Name == "pgvector"));
        Assert.Empty(model.Resources.OfType<ContainerResource>());
        Assert.DoesNotContain(model.Resources, r => r.Name is "qdrant" or "elasticsearch");
    }

    [Fact]
    public async Task PgvectorAcceptsConnectionsWithTheConnectionStringTheGeneratorGets()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.App.GetConnectionStringAsync("pgvector", ct);
        Assert.Contains("Database=emitter", connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task GeneratorExportsEmitterMetricsOverOtlp()
    {
        var ct = TestContext.Current.CancellationToken;
        var seen = await Eventually.HoldsAsync(() => Task.FromResult(fixture.Collector.HasMetric("emitter.entries.emitted")), FlowLimit, ct);
        Assert.True(seen, $"no OTLP metrics export named emitter.entries.emitted ({fixture.Collector.MetricExports} exports received)");
        Assert.True(fixture.Collector.HasMetric("emitter.sink.entries.delivered"));
    }

    [Fact]
    public async Task RowsGrowInLocalPgvector_NeedsPgvectorSink()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await fixture.App.GetConnectionStringAsync("pgvector", ct);
        long first = 0;
        Assert.True(await Eventually.HoldsAsync(async () => (first = await CountRowsAsync(connectionString!, ct)) > 0, FlowLimit, ct),
            "no rows in table logs: is the pgvector sink in this build?");
        Assert.True(await Eventually.HoldsAsync(async () => await CountRowsAsync(connectionString!, ct) > first, FlowLimit, ct),
            $"rows stayed at {first}");
    }

    [Fact]
    public async Task DashboardWebSocketReceivesEntries_NeedsDashboardSink()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = fixture.App.GetEndpoint("dashboard", "http");
        await using var client = await StreamClient.ConnectAsync(new UriBuilder(http) { Scheme = "ws", Path = "/ws" }.Uri);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(FlowLimit);
        // The backlog comes first, empty if the dashboard has had no flush yet: entries from the generator must follow.
        var backlog = await client.ReceiveBacklogAsync();
        var services = Services(backlog).ToHashSet();
        while (!services.Overlaps(ServiceNames) && !limit.IsCancellationRequested)
        {
            try
            {
                services.UnionWith(Services(await client.ReceiveAsync(limit.Token)));
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
            {
            }
        }
        Assert.Contains(ServiceNames, services.Contains);
    }

    private static IEnumerable<string> Services(JsonElement frame) =>
        frame.TryGetProperty("entries", out var entries) && entries.ValueKind == JsonValueKind.Array
            ? entries.EnumerateArray().Select(e => e.GetProperty("service").GetString()!)
            : [];

    private static async Task<long> CountRowsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM logs", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
