using Emitter.Generator.Bench.Stores.Elasticsearch;
using Emitter.Generator.Bench.Stores.PgVector;
using Emitter.Generator.Bench.Stores.Qdrant;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Bench.Stores;

/// <summary>
/// The stores a bench can search, by sink type: one <see cref="ISearchStoreFactory"/> each.
/// Sinks of other types (stdout, dashboard, null) are written to but not searched.
/// </summary>
public sealed class SearchStoreCatalog(IEnumerable<ISearchStoreFactory> factories)
{
    private readonly Dictionary<string, ISearchStoreFactory> _factories = factories.ToDictionary(f => f.Type);

    public static SearchStoreCatalog Default { get; } = new([new PgVectorSearchStoreFactory(), new QdrantSearchStoreFactory(), new ElasticsearchSearchStoreFactory()]);

    public bool Searches(SinkConfig sink) => _factories.ContainsKey(sink.Type);

    /// <summary>Every sink as it must be made for the bench.</summary>
    public IReadOnlyList<SinkConfig> PrepareSinks(IReadOnlyList<SinkConfig> sinks, bool deferIndexes) =>
        sinks.Select(s => _factories.TryGetValue(s.Type, out var f) ? f.PrepareSink(s, deferIndexes) : s).ToList();

    /// <summary>One store per searchable sink; refuses a bench with none (file:line of the bench section).</summary>
    public IReadOnlyList<ISearchStore> CreateAll(IReadOnlyList<SinkConfig> sinks, SinkServices services, string configFile)
    {
        var stores = sinks.Where(Searches).Select(s => _factories[s.Type].Create(s, services)).ToList();
        if (stores.Count == 0)
            throw ConfigException.At(Path.GetFileName(configFile), null, "bench",
                $"no sink to search: a bench needs at least one sink of type {string.Join(", ", _factories.Keys.Order())}");
        return stores;
    }
}
