namespace Emitter.AppHost.Topology;

/// <summary>With a container runtime: Qdrant, Elasticsearch and PostgreSQL+pgvector containers.</summary>
public static class ContainerTopology
{
    public static void Add(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> generator, bool dataVolumes)
    {
        var qdrant = builder.AddQdrant("qdrant");
        var elasticsearch = builder.AddElasticsearch("elasticsearch");
        var pgvector = builder.AddPgVectorContainer("pgvector", dataVolumes);
        if (dataVolumes)
        {
            qdrant.WithDataVolume();
            elasticsearch.WithDataVolume();
        }

        generator
            .WithReference(qdrant).WaitFor(qdrant)
            .WithReference(elasticsearch).WaitFor(elasticsearch)
            .WithReference(pgvector).WaitFor(pgvector);
    }
}
