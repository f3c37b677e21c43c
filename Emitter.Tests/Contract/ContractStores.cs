namespace Emitter.Tests.Contract;

/// <summary>The stores the contract runs for: the four the sinks write (pgvector real, the others fakes) and the real servers in containers.</summary>
public static class ContractStores
{
    public const string PgVector = "pgvector";
    public const string Qdrant = "qdrant";
    public const string Elasticsearch = "elasticsearch";
    public const string OpenSearch = "opensearch";
    public const string QdrantContainer = "qdrant container";
    public const string ElasticsearchContainer = "elasticsearch container";
    public const string OpenSearchContainer = "opensearch container";

    public static IReadOnlyList<string> All { get; } = [PgVector, Qdrant, Elasticsearch, OpenSearch, QdrantContainer, ElasticsearchContainer, OpenSearchContainer];

    /// <param name="restartable">A store this test may stop and start (pgvector: a server of its own).</param>
    public static Task<ContractStore> StartAsync(string name, ContractContainers containers, bool restartable = false) => name switch
    {
        PgVector => PgVectorContractStore.StartAsync(restartable),
        Qdrant => FakeQdrantContractStore.StartAsync(),
        Elasticsearch => FakeBulkContractStore.ElasticsearchAsync(),
        OpenSearch => FakeBulkContractStore.OpenSearchAsync(),
        QdrantContainer => ContainerQdrantContractStore.StartAsync(containers),
        ElasticsearchContainer => ContainerBulkContractStore.ElasticsearchAsync(containers),
        OpenSearchContainer => ContainerBulkContractStore.OpenSearchAsync(containers),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such contract store"),
    };

    public static TheoryData<string> Each() => [.. All];

    /// <summary>Every store with every one of <paramref name="values"/>.</summary>
    public static TheoryData<string, T> EachWith<T>(params T[] values)
    {
        var data = new TheoryData<string, T>();
        foreach (var store in All)
            foreach (var value in values) data.Add(store, value);
        return data;
    }
}
