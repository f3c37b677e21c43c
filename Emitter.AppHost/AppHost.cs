using Emitter.AppHost.ContainerRuntime;
using Emitter.AppHost.Topology;
using Microsoft.Extensions.Configuration;

// The whole local environment: the generator, the dashboard, and the servers its sinks write to
// (containers when a runtime answers, else what this machine can run; see README).
var builder = DistributedApplication.CreateBuilder(args);
var notices = new AppHostNotices(builder);

var dashboard = builder.AddProject<Projects.Emitter_Dashboard>("dashboard")
    .WithHttpHealthCheck("/health");

// The generator serves /health and /alive only because the app host gives it a URL.
var generator = builder.AddProject<Projects.Emitter_Generator>("generator")
    .WithArgs("--config", Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "config.yaml")))
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(dashboard)
    .WaitFor(dashboard);

var (useContainers, notice, runtime) = await ContainerRuntimeChoice.DecideAsync(builder.Configuration);
notices.Add(notice);
if (runtime == "podman" && builder.Configuration["DcpPublisher:ContainerRuntime"] is null)
{
    builder.Configuration["DcpPublisher:ContainerRuntime"] = "podman";
}

if (useContainers) ContainerTopology.Add(builder, generator, builder.Configuration.GetValue("Emitter:DataVolumes", false));
else await LocalTopology.AddAsync(builder, generator, notices);

builder.Build().Run();
