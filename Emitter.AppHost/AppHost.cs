using Emitter.AppHost.Bench;
using Emitter.AppHost.ContainerRuntime;
using Emitter.AppHost.Replicas;
using Emitter.AppHost.Topology;
using Microsoft.Extensions.Configuration;

// The whole local environment: the generator, the dashboard, and the servers its sinks write to
// (containers when a runtime answers, else what this machine can run; see README).
var builder = DistributedApplication.CreateBuilder(args);
var notices = new AppHostNotices(builder);
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));

BenchSetting? bench;
try
{
    bench = BenchSetting.Read(builder.Configuration, repositoryRoot);
}
catch (BenchSettingException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var dashboard = builder.AddProject<Projects.Emitter_Dashboard>("dashboard")
    .WithHttpHealthCheck("/health");

// The generator serves /health and /alive only because the app host gives it a URL.
// With Emitter:Bench it runs the benchmark (bench config, summary and chart to a known path) and then ends.
// With Emitter:Replicas=n, n generators each run their shard (see Replicas/GeneratorReplicas.cs).
int replicas;
try
{
    replicas = GeneratorReplicas.Count(builder.Configuration);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var generators = GeneratorReplicas.ShardArgs(builder.Configuration, replicas, DateTimeOffset.UtcNow).Select((shardArgs, i) =>
    builder.AddProject<Projects.Emitter_Generator>(GeneratorReplicas.Name(i, replicas))
        .WithArgs([.. bench?.GeneratorArgs ?? ["--config", Path.Combine(repositoryRoot, "config.yaml")], .. shardArgs])
        .WithHttpEndpoint()
        .WithHttpHealthCheck("/health")
        .WithReference(dashboard)
        .WaitFor(dashboard)).ToList();
var generator = generators[0];
var ownAnnotations = generator.Resource.Annotations.ToList();
if (bench is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(bench.SummaryPath)!);
    notices.Add($"bench: {bench.ConfigPath} against every store wired below; summary {bench.SummaryPath}, chart {Path.ChangeExtension(bench.SummaryPath, ".png")}.");
}

var (useContainers, notice, runtime) = await ContainerRuntimeChoice.DecideAsync(builder.Configuration);
notices.Add(notice);
if (runtime == "podman" && builder.Configuration["DcpPublisher:ContainerRuntime"] is null)
{
    builder.Configuration["DcpPublisher:ContainerRuntime"] = "podman";
}

if (useContainers) ContainerTopology.Add(builder, generator, builder.Configuration.GetValue("Emitter:DataVolumes", false));
else await LocalTopology.AddAsync(builder, generator, notices);
GeneratorReplicas.ShareWiring(generator, generators.Skip(1), ownAnnotations);

builder.Build().Run();
return 0;
