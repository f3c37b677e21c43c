using Emitter.Generator.Bench.Stores;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>Searches what an Elasticsearch sink writes: same URL, credentials (basic or API key) and index, from the sink's own validated options.</summary>
public sealed class ElasticsearchSearchStoreFactory : ISearchStoreFactory
{
    public string Type => SinkTypes.Elasticsearch;

    public ISearchStore Create(SinkConfig sink, SinkServices services) =>
        new ElasticsearchSearchStore(sink.Name, ElasticsearchSinkOptions.Bind(sink.Settings));
}
