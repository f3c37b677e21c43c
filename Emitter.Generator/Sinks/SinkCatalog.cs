using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks.Dashboard;
using Emitter.Generator.Sinks.Elasticsearch;
using Emitter.Generator.Sinks.OpenSearch;
using Emitter.Generator.Sinks.Qdrant;
using Emitter.Generator.Sinks.PgVector;

namespace Emitter.Generator.Sinks;

/// <summary>The sink types this build can run, by name.</summary>
public sealed class SinkCatalog(IEnumerable<ISinkFactory> factories)
{
    private readonly Dictionary<string, ISinkFactory> _factories = factories.ToDictionary(f => f.Type);

    public static SinkCatalog Default { get; } = new([new StdoutSinkFactory(), new NullSinkFactory(), new DashboardSinkFactory(), new PgVectorSinkFactory(), new QdrantSinkFactory(), new ElasticsearchSinkFactory(), new OpenSearchSinkFactory(), new Otlp.OtlpSinkFactory()]);

    public IReadOnlySet<string> Types => _factories.Keys.ToHashSet();

    /// <summary>Whether any of these sinks writes vectors (an index_mode other than keyword, or stdout's include_embedding).</summary>
    public bool NeedsVectors(IEnumerable<SinkConfig> configs) => configs.Any(c => _factories[c.Type].NeedsVectors(c.Settings));

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        _factories[config.Type].Create(config, services);
}
