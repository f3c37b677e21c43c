using Emitter.Generator.Bench.Config;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Qdrant;

namespace Emitter.Generator.Bench.Stores.Qdrant;

/// <summary>Searches what a Qdrant sink writes: same endpoint, API key and collection, from the sink's own validated options.</summary>
public sealed class QdrantSearchStoreFactory : ISearchStoreFactory
{
    public string TargetKey => "collection_name";

    /// <summary>BM25 over the sparse vector scores any word; requiring all would need a full-text payload index on message, which the sink does not make.</summary>
    public bool MatchesAllWords => false;

    public string Type => SinkTypes.Qdrant;

    public ISearchStore Create(SinkConfig sink, SinkServices services, SearchShape shape) =>
        new QdrantSearchStore(sink.Name, QdrantSinkOptions.Bind(sink.Settings), shape);
}
