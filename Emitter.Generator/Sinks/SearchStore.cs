using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks;

/// <summary>
/// The parts every store's search shares, beside <see cref="LogSink"/>: its name (the sink's),
/// the "not initialised" guard, no indexes to build unless it says so, nothing to dispose.
/// </summary>
public abstract class SearchStore(string name) : ISearchStore
{
    public string Name { get; } = name;

    public abstract IReadOnlyDictionary<string, object> FreshnessSettings { get; }

    /// <summary>None by default; a store records how it searches (width, RRF constant, window, match, fetch in its own form).</summary>
    public virtual IReadOnlyDictionary<string, object> SearchSettings => new Dictionary<string, object>();

    /// <summary>Not asked by default.</summary>
    public virtual Task<string?> ServerVersionAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Nothing to settle by default.</summary>
    public virtual Task<string> SettleAsync(SettleConfig settle, CancellationToken cancellationToken) => Task.FromResult("nothing to settle");

    public abstract Task InitializeAsync(SinkContext context, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken);

    /// <summary>Nothing to build by default: the store indexes as it goes.</summary>
    public virtual Task<bool> BuildIndexesAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>What <see cref="InitializeAsync"/> set up, or the error of a search before it.</summary>
    protected T Initialized<T>(T? state) where T : class =>
        state ?? throw new InvalidOperationException($"Store {Name}: InitializeAsync was not called.");
}
