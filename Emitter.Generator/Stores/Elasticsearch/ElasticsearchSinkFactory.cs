using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

public sealed class ElasticsearchSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Elasticsearch;

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        var options = ElasticsearchSinkOptions.Bind(config.Settings);
        // Refused with the config's line before anything is embedded or written; the sink checks again with the pool's own dimensions.
        if (options.IndexMode.HasVectors() && services.EmbeddingDimensions is { } dimensions && ElasticsearchIndexOptions.Problem(options.IndexOptions, dimensions) is { } problem)
            throw options.IndexOptionsRefusal(problem);
        return new ElasticsearchSink(config.Name, options, services.Time, services.Loggers);
    }
}
