using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Emitter.AppHost;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Dashboard;
using Emitter.Generator.Stores;
using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;
using Emitter.Tests.PgVector;
using Emitter.Tests.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Dashboard;

/// <summary>
/// Issue 21, point 3: the app host gives the dashboard and the generators one generated ingest
/// token; the generator's dashboard sink sends it, the dashboard refuses posts without it.
/// </summary>
public class IngestTokenTests
{
    [Fact]
    public async Task The_dashboard_sink_delivers_with_the_token_and_is_refused_without_it()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:IngestToken=tok-123");
        var batch = PgVectorTestBatches.Of(TestPools.Small(), 2);
        await using var with = new DashboardSink("dashboard", server.Address, TimeSpan.FromSeconds(10), NullLogger.Instance, "tok-123");
        await using var without = new DashboardSink("dashboard", server.Address, TimeSpan.FromSeconds(10), NullLogger.Instance);

        var delivered = await with.WriteAsync(batch, TestContext.Current.CancellationToken);
        var refused = await without.WriteAsync(batch, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"with the token: {(delivered == WriteResult.Delivered ? "delivered" : delivered.DroppedReason)}; without: {refused.DroppedReason}");
        Assert.Equal(WriteResult.Delivered, delivered);
        Assert.Contains("401", refused.DroppedReason);
        using var stats = System.Text.Json.JsonDocument.Parse(await server.Http.GetStringAsync("/stats", TestContext.Current.CancellationToken));
        Assert.Equal(batch.Count, stats.RootElement.GetProperty("entries").GetInt64()); // only the batch with the token
    }

    [Fact]
    public void An_app_host_token_reaches_the_injected_dashboard_sink_and_is_never_shown()
    {
        using var bare = new TempConfig("sinks:\n  - type: stdout\nservices:\n  - name: api\n    rate_per_sec: 1\n");
        var config = new ConfigLoader(_ => null, key => key switch
        {
            "services:dashboard:http:0" => "http://localhost:41234",
            "Emitter:DashboardToken" => "tok-456",
            _ => null,
        }, SinkCatalog.Default.Types).Load(bare.Path, new ConfigOverrides());
        var settings = Assert.Single(config.Sinks, s => s.Type == SinkTypes.Dashboard).Settings;
        Assert.Equal("tok-456", DashboardSinkOptions.Bind(settings).Token);
        Assert.DoesNotContain("tok-456", DashboardSinkOptions.Bind(settings).ToString());
        Assert.DoesNotContain("tok-456", settings.Shown("token"));
    }

    [Fact]
    public async Task The_app_host_gives_the_dashboard_and_every_generator_the_same_generated_token()
    {
        var builder = await EmitterAppModel.CreateAsync(() => DistributedApplicationTestingBuilder.Create(
            "--Emitter:ContainerRuntime=off", "--Emitter:PgVector:LocalServer=false", "--Emitter:Replicas=2"), new RecordingProcessRunner());
        await using var app = builder.Build();
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;

        var token = await EnvironmentAsync(resources.OfType<ProjectResource>().Single(r => r.Name == "dashboard"), "Dashboard__IngestToken", builder.ExecutionContext);
        Assert.True(token is { Length: >= 16 }, "a generated token");
        var generators = resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith("generator", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, generators.Count);
        foreach (var generator in generators)
            Assert.Equal(token, await EnvironmentAsync(generator, "Emitter__DashboardToken", builder.ExecutionContext));
    }

    // The resource's environment callbacks, as the orchestrator runs them, and the one value resolved.
    private static async Task<string?> EnvironmentAsync(IResource resource, string name, DistributedApplicationExecutionContext execution)
    {
        var context = new EnvironmentCallbackContext(execution, resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>()) await callback.Callback(context);
        return context.EnvironmentVariables[name] switch
        {
            string text => text,
            IValueProvider provider => await provider.GetValueAsync(TestContext.Current.CancellationToken),
            var other => other.ToString(),
        };
    }
}
