// The whole local environment. Containers for Qdrant, Elasticsearch and pgvector arrive with
// the app host's own issue; for now it runs the dashboard and the generator.
var builder = DistributedApplication.CreateBuilder(args);

var dashboard = builder.AddProject<Projects.Emitter_Dashboard>("dashboard");

builder.AddProject<Projects.Emitter_Generator>("generator")
    .WithArgs("--config", Path.Combine(builder.AppHostDirectory, "..", "config.yaml"))
    .WithReference(dashboard)
    .WaitFor(dashboard);

builder.Build().Run();
