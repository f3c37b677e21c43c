using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Dashboard;
using Emitter.Generator.Sinks.Null;
using Emitter.Generator.Sinks.Stdout;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Generator.Stores.PgVector;
using Emitter.Generator.Stores.Qdrant;

namespace Emitter.Generator.Stores;

/// <summary>The sink types this build can run, by name.</summary>
public sealed class SinkCatalog(IEnumerable<ISinkFactory> factories)
{
    private readonly Dictionary<string, ISinkFactory> _factories = factories.ToDictionary(f => f.Type);

    public static SinkCatalog Default { get; } = new([new StdoutSinkFactory(), new NullSinkFactory(), new DashboardSinkFactory(), new PgVectorSinkFactory(), new QdrantSinkFactory(), new ElasticsearchSinkFactory(), new OpenSearchSinkFactory()]);

    public IReadOnlySet<string> Types => _factories.Keys.ToHashSet();

    /// <summary>Whether any of these sinks writes vectors (an index_mode other than keyword, or stdout's include_embedding).</summary>
    public bool NeedsVectors(IEnumerable<SinkConfig> configs) => configs.Any(c => _factories[c.Type].NeedsVectors(c.Settings));

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        _factories[config.Type].Create(config, services);
}
