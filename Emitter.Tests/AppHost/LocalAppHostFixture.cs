using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Emitter.Tests.AppHost;

/// <summary>
/// One app host for the no-container tests: containers forced off, this machine's
/// PostgreSQL+pgvector in a fresh data directory, the generator's OTLP export pointed at a
/// fake collector. Started once per test class, up when the generator is healthy.
/// </summary>
public sealed class LocalAppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = $"/var/tmp/emitter-apphost-test-{Guid.NewGuid():N}";

    public DistributedApplication App { get; private set; } = null!;
    public OtlpCollector Collector { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(StartLimit);
        var ct = limit.Token;

        await PgVectorProvisioning.EnsureInstalledAsync(ct);
        Collector = await OtlpCollector.StartAsync(ct);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Emitter_AppHost>(
        [
            "--Emitter:ContainerRuntime=off",
            $"--Emitter:PgVector:DataDirectory={_dataDirectory}",
            "--DcpPublisher:WaitForResourceCleanup=false",
        ], ct);
        // Resource output (every entry the stdout sink writes) would flood the test log.
        builder.Services.AddLogging(logging => logging.AddFilter("Emitter.AppHost.Resources", LogLevel.Warning));
        var generator = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "generator");
        builder.CreateResourceBuilder(generator)
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Collector.Endpoint.ToString().TrimEnd('/'))
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "1000");

        App = await builder.BuildAsync(ct);
        await App.StartAsync(ct);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("generator", ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        if (Collector is not null) await Collector.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
