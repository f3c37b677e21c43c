using Emitter.Generator.Bench.Config;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Elasticsearch;

namespace Emitter.Generator.Bench.Stores.Elasticsearch;

/// <summary>Searches what an Elasticsearch sink writes: same URL, credentials (basic or API key) and index, from the sink's own validated options.</summary>
public sealed class ElasticsearchSearchStoreFactory : ISearchStoreFactory
{
    public string TargetKey => "index_name";

    public string Type => SinkTypes.Elasticsearch;

    public ISearchStore Create(SinkConfig sink, SinkServices services, SearchShape shape) =>
        new ElasticsearchSearchStore(sink.Name, ElasticsearchSinkOptions.Bind(sink.Settings), shape);
}
