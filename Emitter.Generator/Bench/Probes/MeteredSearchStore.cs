using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Bench.Probes;

/// <summary>
/// A store as the freshness markers and the needles see it: the same store on connections of
/// its own (<paramref name="inner"/> is a second instance, so probes never queue behind the
/// measured queries), each search waiting for a turn of the store's <see cref="ProbeGate"/>,
/// counted when sent, and abandoned at the queries' timeout.
/// </summary>
public sealed class MeteredSearchStore(ISearchStore inner, ProbeGate gate, TimeSpan timeout, Action sent, TimeProvider time) : ISearchStore
{
    public string Name => inner.Name;

    public IReadOnlyDictionary<string, object> FreshnessSettings => inner.FreshnessSettings;

    public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken)
    {
        using var turn = await gate.TurnAsync(cancellationToken).ConfigureAwait(false);
        sent();
        IReadOnlyList<Guid> found = [];
        var (failure, error) = await TimedQuery.RunAsync(async ct => found = await inner.SearchAsync(mode, text, vector, topK, ct).ConfigureAwait(false),
            timeout, timeout, time, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        // Not a cancellation: the probers retry what fails and stop only on the run's stop.
        return failure == QueryFailure.None ? found : throw new ProbeFailedException($"probe {failure.Name()}: {error}");
    }

    public Task<bool> BuildIndexesAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>The inner store belongs to whoever made it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
