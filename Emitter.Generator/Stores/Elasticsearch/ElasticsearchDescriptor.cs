using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>Elasticsearch: the sink writes through _bulk, the search reads the same index with the same URL and credentials (basic or API key).</summary>
public sealed class ElasticsearchDescriptor : StoreDescriptor<ElasticsearchSinkOptions>
{
    public override string? TargetKey => "index_name";

    public override string Type => SinkTypes.Elasticsearch;

    public override InjectedSink Injected { get; } = new("ConnectionStrings:elasticsearch", "connection_string");

    public override ElasticsearchSinkOptions Bind(SinkSettings settings) => ElasticsearchSinkOptions.Bind(settings);

    protected override ILogSink CreateSink(SinkConfig config, ElasticsearchSinkOptions options, SinkServices services)
    {
        // Refused with the config's line before anything is embedded or written; the sink checks again with the pool's own dimensions.
        if (options.IndexMode.HasVectors() && services.EmbeddingDimensions is { } dimensions && ElasticsearchIndexOptions.Problem(options.IndexOptions, dimensions) is { } problem)
            throw options.IndexOptionsRefusal(problem);
        return new ElasticsearchSink(config.Name, options, services.Time, services.Loggers);
    }

    protected override ISearchStore CreateSearch(string name, ElasticsearchSinkOptions options, SinkServices services, SearchShape shape) =>
        new ElasticsearchSearchStore(name, options, shape);
}
