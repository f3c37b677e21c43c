using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores;

/// <summary>The read side: which sinks a bench searches, and their search stores.</summary>
public sealed partial class SinkCatalog
{
    /// <summary>Whether a bench searches this sink; stdout, dashboard and null are written to, not searched.</summary>
    public bool Searches(SinkConfig sink) => ByType.TryGetValue(sink.Type, out var d) && d.Searchable;

    /// <summary>Why a run with these sinks embeds nothing: its store sinks are all keyword-only, or it has none.</summary>
    public string EmbeddingNoneReason(IEnumerable<SinkConfig> sinks) => sinks.Any(Searches) ? EmbeddingInfo.NoneReason : EmbeddingInfo.NoStoreSinkReason;

    /// <summary>
    /// Every sink as it must be made for the bench. A searched sink whose config names no table,
    /// collection or index gets <paramref name="runTarget"/>, made for this run: a bench measures
    /// a store holding exactly its own entries, with indexes it built, not what an earlier run
    /// (or the app host's long-lived table) left behind. One the config names is used as it is.
    /// </summary>
    public IReadOnlyList<SinkConfig> PrepareSinks(IReadOnlyList<SinkConfig> sinks, string? runTarget) =>
        sinks.Select(s => runTarget is not null && ByType.TryGetValue(s.Type, out var d) && d.TargetKey is { } key && !s.Settings.Has(key)
            ? s with { Settings = s.Settings.With(key, runTarget) }
            : s).ToList();

    /// <summary>A name for what a run makes: emitter_bench_ and the UTC time, then 4 random hex digits (lower case, as Elasticsearch index names must be).</summary>
    public static string RunTarget(TimeProvider time) =>
        $"emitter_bench_{time.GetUtcNow():yyyyMMdd_HHmmss}_{Random.Shared.Next(0x10000):x4}";

    /// <summary>What each searched sink writes to (its setting and value), and whether this run made it (the config named none), for the summary.</summary>
    public IReadOnlyDictionary<string, (string Key, string Name, bool MadeForRun)> Targets(IReadOnlyList<SinkConfig> configured, IReadOnlyList<SinkConfig> prepared) =>
        prepared.Where(s => Searches(s) && ByType[s.Type].TargetKey is not null).ToDictionary(s => s.Name, s =>
        {
            var key = ByType[s.Type].TargetKey!;
            var named = configured.First(c => c.Name == s.Name).Settings.Has(key);
            return (key, s.Settings.String(key) ?? "", !named);
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
    /// <param name="deferIndexes">As the sinks were made: the stores record it with their settings.</param>
    public IReadOnlyList<ISearchStore> CreateSearchStores(IReadOnlyList<SinkConfig> sinks, SinkServices services, string configFile, bool deferIndexes = false, SearchShape? shape = null)
    {
        shape ??= SearchShape.Default;
        if (shape.Match == MatchMode.All && sinks.Where(Searches).FirstOrDefault(s => !ByType[s.Type].MatchesAllWords) is { } any)
            throw ConfigException.At(Path.GetFileName(configFile), null, "bench.queries.match",
                $"sink '{any.Name}' ({any.Type}) scores a keyword query by any of its words and cannot require all: use match: any to compare it with the others");
        var stores = sinks.Where(Searches).Select(s => ByType[s.Type].CreateSearch(s, services, shape, deferIndexes)).ToList();
        if (stores.Count == 0)
            throw ConfigException.At(Path.GetFileName(configFile), null, "bench",
                $"no sink to search: a bench needs at least one sink of type {string.Join(", ", _descriptors.Where(d => d.Searchable).Select(d => d.Type).Order())}");
        return stores;
    }
}
