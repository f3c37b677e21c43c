using Emitter.Generator.Bench.Config;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Generator.Stores.PgVector;
using Emitter.Generator.Stores.Qdrant;

namespace Emitter.Generator.Bench.Stores;

/// <summary>
/// The stores a bench can search, by sink type: one <see cref="ISearchStoreFactory"/> each.
/// Sinks of other types (stdout, dashboard, null) are written to but not searched.
/// </summary>
public sealed class SearchStoreCatalog(IEnumerable<ISearchStoreFactory> factories)
{
    private readonly Dictionary<string, ISearchStoreFactory> _factories = factories.ToDictionary(f => f.Type);

    public static SearchStoreCatalog Default { get; } = new([new PgVectorSearchStoreFactory(), new QdrantSearchStoreFactory(), new ElasticsearchSearchStoreFactory(), new OpenSearchSearchStoreFactory()]);

    public bool Searches(SinkConfig sink) => _factories.ContainsKey(sink.Type);

    /// <summary>Every sink as it must be made for the bench.</summary>
    public IReadOnlyList<SinkConfig> PrepareSinks(IReadOnlyList<SinkConfig> sinks, bool deferIndexes) =>
        sinks.Select(s => _factories.TryGetValue(s.Type, out var f) ? f.PrepareSink(s, deferIndexes) : s).ToList();

    /// <summary>
    /// Refuses a bench that would ask a store what its index_mode left out (vector or hybrid
    /// queries of a keyword-only store; keyword or hybrid of a vector-only one): one line naming
    /// the sink, its mode and the query modes, instead of a run of errors or silent zero hits.
    /// </summary>
    public void RefuseUnanswerable(IReadOnlyList<SinkConfig> sinks, IReadOnlyList<SearchMode> modes, string configFile)
    {
        foreach (var sink in sinks.Where(Searches))
        {
            var built = IndexModes.Read(sink.Settings);
            var unanswerable = modes.Where(m => (m != SearchMode.Keyword && !built.HasVectors()) || (m != SearchMode.Vector && !built.HasText())).ToList();
            if (unanswerable.Count == 0) continue;
            var answerable = SearchModes.All.Where(m => !unanswerable.Contains(m)).Select(m => m.Name());
            throw ConfigException.At(Path.GetFileName(configFile), null, "bench.queries.modes",
                $"sink '{sink.Name}' has index_mode: {built.Name()}, so it cannot answer {string.Join(", ", unanswerable.Select(m => m.Name()))} queries: "
                + $"ask only {string.Join(", ", answerable)} of it, or give it index_mode: hybrid");
        }
    }

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
