using Emitter.Generator.Bench.Stores;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>Searches what a Qdrant sink writes: same endpoint, API key and collection, from the sink's own validated options.</summary>
public sealed class QdrantSearchStoreFactory : ISearchStoreFactory
{
    public string Type => SinkTypes.Qdrant;

    public ISearchStore Create(SinkConfig sink, SinkServices services) =>
        new QdrantSearchStore(sink.Name, QdrantSinkOptions.Bind(sink.Settings));
}
