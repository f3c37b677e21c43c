using Emitter.AppHost.Bench;
using Emitter.AppHost.ContainerRuntime;
using Emitter.AppHost.Otlp;
using Emitter.AppHost.Replicas;
using Emitter.AppHost.Topology;
using Emitter.Processes;
using Microsoft.Extensions.Configuration;

namespace Emitter.AppHost;

/// <summary>
/// The whole local environment: the generator, the dashboard, and the servers its sinks write to
/// (containers when a runtime answers, else what this machine can run; see docs/apphost.md). Composing it
/// runs no program, except the container-runtime probe of a run in auto mode (it decides which
/// resources exist); the local server's data directory is prepared when it starts.
/// </summary>
public static class EmitterAppModel
{
    /// <summary>
    /// A builder from <paramref name="createBuilder"/>, with the model composed. The builder is made
    /// here, not passed in, because Aspire's testing builder finds the app host's assembly on the
    /// stack of the call that makes it: tests then compose this model with a runner of their own.
    /// </summary>
    /// <exception cref="AppHostSettingException">Emitter:Bench, Emitter:Replicas or Emitter:Otlp is set but unusable.</exception>
    public static async Task<T> CreateAsync<T>(Func<T> createBuilder, IProcessRunner runner) where T : IDistributedApplicationBuilder
    {
        var builder = createBuilder();
        await ComposeAsync(builder, runner);
        return builder;
    }

    private static async Task ComposeAsync(IDistributedApplicationBuilder builder, IProcessRunner runner)
    {
        var notices = new AppHostNotices(builder);
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var bench = BenchSetting.Read(builder.Configuration, repositoryRoot);

        // A token only the dashboard and the generators know: another local process cannot write to the page.
        var ingestToken = builder.AddResource(ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, "dashboard-ingest-token", special: false));
        var dashboard = builder.AddProject<Projects.Emitter_Dashboard>("dashboard")
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Dashboard__IngestToken", ingestToken);

        // The generator serves /health and /alive only because the app host gives it a URL.
        // With Emitter:Bench it runs the benchmark (bench config, summary and chart to a known path) and then ends.
        // With Emitter:Replicas=n, n generators each run their shard (see Replicas/GeneratorReplicas.cs).
        var replicas = GeneratorReplicas.Count(builder.Configuration);
        var generators = GeneratorReplicas.ShardArgs(builder.Configuration, replicas, DateTimeOffset.UtcNow).Select((shardArgs, i) =>
            builder.AddProject<Projects.Emitter_Generator>(GeneratorReplicas.Name(i, replicas))
                .WithArgs([.. bench?.GeneratorArgs ?? ["--config", Path.Combine(repositoryRoot, "config.yaml")], .. shardArgs])
                .WithHttpEndpoint()
                .WithHttpHealthCheck("/health")
                .WithReference(dashboard)
                .WithEnvironment("Emitter__DashboardToken", ingestToken)
                .WaitFor(dashboard)).ToList();
        if (AspireOtlpSink.MaxRate(builder.Configuration) is { } otlpRate)
        {
            foreach (var each in generators) each.WithAspireOtlpSink(otlpRate);
            notices.Add($"{AspireOtlpSink.Key}=aspire: the generators also export their synthetic logs and traces to the Aspire dashboard over OTLP (at most {otlpRate} records/s).");
        }
        var generator = generators[0];
        var ownAnnotations = generator.Resource.Annotations.ToList();
        if (bench is not null)
        {
            if (builder.ExecutionContext.IsRunMode) Directory.CreateDirectory(Path.GetDirectoryName(bench.SummaryPath)!);
            notices.Add($"bench: {bench.ConfigPath} against every store wired below; summary {bench.SummaryPath}, chart {Path.ChangeExtension(bench.SummaryPath, ".png")}, report {bench.ReportPath}.");
        }

        var (useContainers, notice, runtime) = await ContainerRuntimeChoice.DecideAsync(builder.Configuration, runner, builder.ExecutionContext.IsRunMode);
        notices.Add(notice);
        if (runtime == "podman" && builder.Configuration["DcpPublisher:ContainerRuntime"] is null)
        {
            builder.Configuration["DcpPublisher:ContainerRuntime"] = "podman";
        }

        if (useContainers) ContainerTopology.Add(builder, generator, builder.Configuration.GetValue("Emitter:DataVolumes", false));
        else LocalTopology.Add(builder, generator, notices, runner);
        GeneratorReplicas.ShareWiring(generator, generators.Skip(1), ownAnnotations);
    }
}
