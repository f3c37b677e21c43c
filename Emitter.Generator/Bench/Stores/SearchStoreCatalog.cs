using Emitter.Generator.Bench.Config;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Bench.Stores.Elasticsearch;
using Emitter.Generator.Bench.Stores.OpenSearch;
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

    public static SearchStoreCatalog Default { get; } = new([new PgVectorSearchStoreFactory(), new QdrantSearchStoreFactory(), new ElasticsearchSearchStoreFactory(), new OpenSearchSearchStoreFactory()]);

    public bool Searches(SinkConfig sink) => _factories.ContainsKey(sink.Type);

    /// <summary>
    /// Every sink as it must be made for the bench. A searched sink whose config names no table,
    /// collection or index gets <paramref name="runTarget"/>, made for this run: a bench measures
    /// a store holding exactly its own entries, with indexes it built, not what an earlier run
    /// (or the app host's long-lived table) left behind. One the config names is used as it is.
    /// </summary>
    public IReadOnlyList<SinkConfig> PrepareSinks(IReadOnlyList<SinkConfig> sinks, bool deferIndexes, string? runTarget = null) =>
        sinks.Select(s => _factories.TryGetValue(s.Type, out var f)
            ? f.PrepareSink(runTarget is not null && !s.Settings.Has(f.TargetKey) ? s with { Settings = s.Settings.With(f.TargetKey, runTarget) } : s, deferIndexes)
            : s).ToList();

    /// <summary>A name for what a run makes: emitter_bench_ and the UTC time, then 4 random hex digits (lower case, as Elasticsearch index names must be).</summary>
    public static string RunTarget(TimeProvider time) =>
        $"emitter_bench_{time.GetUtcNow():yyyyMMdd_HHmmss}_{Random.Shared.Next(0x10000):x4}";

    /// <summary>What each searched sink writes to, and whether this run made it (the config named none), for the summary.</summary>
    public IReadOnlyDictionary<string, BenchTarget> Targets(IReadOnlyList<SinkConfig> configured, IReadOnlyList<SinkConfig> prepared) =>
        prepared.Where(Searches).ToDictionary(s => s.Name, s =>
        {
            var key = _factories[s.Type].TargetKey;
            var named = configured.First(c => c.Name == s.Name).Settings.Has(key);
            return new BenchTarget(key, s.Settings.String(key) ?? "", !named);
        });

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

    /// <summary>One store per searchable sink; refuses a bench with none (file:line of the bench section), or one asking a store for what it cannot do.</summary>
    public IReadOnlyList<ISearchStore> CreateAll(IReadOnlyList<SinkConfig> sinks, SinkServices services, string configFile, SearchShape? shape = null)
    {
        shape ??= SearchShape.Default;
        if (shape.Match == MatchMode.All && sinks.Where(Searches).FirstOrDefault(s => !_factories[s.Type].MatchesAllWords) is { } any)
            throw ConfigException.At(Path.GetFileName(configFile), null, "bench.queries.match",
                $"sink '{any.Name}' ({any.Type}) scores a keyword query by any of its words and cannot require all: use match: any to compare it with the others");
        var stores = sinks.Where(Searches).Select(s => _factories[s.Type].Create(s, services, shape)).ToList();
        if (stores.Count == 0)
            throw ConfigException.At(Path.GetFileName(configFile), null, "bench",
                $"no sink to search: a bench needs at least one sink of type {string.Join(", ", _factories.Keys.Order())}");
        return stores;
    }
}
