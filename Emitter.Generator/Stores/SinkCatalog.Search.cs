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
    /// <param name="deferIndexes">As the sinks were made: the stores record it with their settings.</param>
    public IReadOnlyList<ISearchStore> CreateSearchStores(IReadOnlyList<SinkConfig> sinks, SinkServices services, string configFile, bool deferIndexes = false)
    {
        var stores = sinks.Where(Searches).Select(s => ByType[s.Type].CreateSearch(s, services, deferIndexes)).ToList();
        if (stores.Count == 0)
            throw ConfigException.At(Path.GetFileName(configFile), null, "bench",
                $"no sink to search: a bench needs at least one sink of type {string.Join(", ", _descriptors.Where(d => d.Searchable).Select(d => d.Type).Order())}");
        return stores;
    }
}
