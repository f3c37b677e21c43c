using Emitter.AppHost.Bench;
using Emitter.AppHost.ContainerRuntime;
using Emitter.AppHost.Topology;
using Emitter.Processes;
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
var generator = builder.AddProject<Projects.Emitter_Generator>("generator")
    .WithArgs([.. bench?.GeneratorArgs ?? ["--config", Path.Combine(repositoryRoot, "config.yaml")]])
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(dashboard)
    .WaitFor(dashboard);
if (bench is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(bench.SummaryPath)!);
    notices.Add($"bench: {bench.ConfigPath} against every store wired below; summary {bench.SummaryPath}, chart {Path.ChangeExtension(bench.SummaryPath, ".png")}.");
}

var (useContainers, notice, runtime) = await ContainerRuntimeChoice.DecideAsync(builder.Configuration, ProcessRunner.Instance);
notices.Add(notice);
if (runtime == "podman" && builder.Configuration["DcpPublisher:ContainerRuntime"] is null)
{
    builder.Configuration["DcpPublisher:ContainerRuntime"] = "podman";
}

if (useContainers) ContainerTopology.Add(builder, generator, builder.Configuration.GetValue("Emitter:DataVolumes", false));
else await LocalTopology.AddAsync(builder, generator, notices, ProcessRunner.Instance);

builder.Build().Run();
return 0;
