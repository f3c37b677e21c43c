using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks;

/// <summary>
/// The read side of one store sink: the same server and table/collection/index the sink writes,
/// searched in the store's native form. Named as the sink, so results line up with its counts.
/// </summary>
public interface ISearchStore : IAsyncDisposable
{
    /// <summary>The sink's name.</summary>
    string Name { get; }

    /// <summary>What governs how soon a write becomes searchable (commit batching, refresh interval, wait): recorded with the results.</summary>
    IReadOnlyDictionary<string, object> FreshnessSettings { get; }

    /// <summary>How it searches: the search width on its native parameter, RRF constant, window, match and fetch in its own form; recorded with the results.</summary>
    IReadOnlyDictionary<string, object> SearchSettings => new Dictionary<string, object>();

    /// <summary>
    /// What the server reports itself as ("Qdrant 1.19.0"), asked once after the run for the
    /// summary; null: this store does not ask. Throws InvalidOperationException with the reason
    /// when the server does not answer.
    /// </summary>
    Task<string?> ServerVersionAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Runs after the sink is initialised (its table exists).</summary>
    Task InitializeAsync(SinkContext context, CancellationToken cancellationToken);

    /// <summary>The ids of the best <paramref name="topK"/> entries, best first.</summary>
    Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken);

    /// <summary>Builds the search indexes the sink was told to leave out during the pre-seed; false when the store has none to build.</summary>
    Task<bool> BuildIndexesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Brings the store to its steady state after the pre-seed, before the first phase, so the
    /// first phase does not measure the bulk load's aftermath (stale planner statistics, unrefreshed
    /// segments, a busy optimizer); returns what it did, for the summary.
    /// </summary>
    Task<string> SettleAsync(SettleConfig settle, CancellationToken cancellationToken) => Task.FromResult("nothing to settle");
}
