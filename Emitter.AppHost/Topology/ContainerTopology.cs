namespace Emitter.AppHost.Topology;

/// <summary>With a container runtime: Qdrant, Elasticsearch, OpenSearch and PostgreSQL+pgvector containers.</summary>
public static class ContainerTopology
{
    public static void Add(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> generator, bool dataVolumes)
    {
        var qdrant = builder.AddQdrant("qdrant");
        var elasticsearch = builder.AddElasticsearch("elasticsearch");
        var opensearch = builder.AddOpenSearch("opensearch");
        var pgvector = builder.AddPgVectorContainer("pgvector", dataVolumes);
        if (dataVolumes)
        {
            qdrant.WithDataVolume();
            elasticsearch.WithDataVolume();
            opensearch.WithDataVolume();
        }

        generator
            .WithReference(qdrant).WaitFor(qdrant)
            .WithReference(elasticsearch).WaitFor(elasticsearch)
            .WithReference(opensearch).WaitFor(opensearch)
            .WithReference(pgvector).WaitFor(pgvector);
    }
}
