using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Emitter.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Emitter.Tests.AppHost;

/// <summary>
/// One app host with the full container topology, where a container runtime answers; where
/// none does, nothing starts and <see cref="SkipReason"/> says why.
/// </summary>
public sealed class ContainerAppHostFixture : IAsyncLifetime
{
    // First runs pull three images.
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(10);

    public DistributedApplication? App { get; private set; }
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var (runtime, reasons) = await ContainerRuntimeProbe.FindAsync(ProcessRunner.Instance, ContainerRuntimeProbe.DefaultCommands, TimeSpan.FromSeconds(5));
        if (runtime is null)
        {
            SkipReason = $"no container runtime answers on this machine: {reasons}";
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(StartLimit);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Emitter_AppHost>(
            ["--Emitter:ContainerRuntime=on", $"--DcpPublisher:ContainerRuntime={runtime}", "--DcpPublisher:WaitForResourceCleanup=false"], limit.Token);
        builder.Services.AddLogging(logging => logging.AddFilter("Emitter.AppHost.Resources", LogLevel.Warning));
        App = await builder.BuildAsync(limit.Token);
        await App.StartAsync(limit.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("generator", limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}
