using System.Collections.Concurrent;
using System.Diagnostics;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Performance;

/// <summary>
/// A search store that answers at once (an empty, already completed result) and notes when each
/// call began and ended, so a benchmark can tell the driver's time from the store's own.
/// </summary>
public sealed class ZeroLatencyStore : ISearchStore
{
    private static readonly Task<IReadOnlyList<Guid>> Nothing = Task.FromResult<IReadOnlyList<Guid>>([]);

    /// <summary>(call began, call ended) in Stopwatch ticks, in call order.</summary>
    public ConcurrentQueue<(long Began, long Ended)> Calls { get; } = new();

    /// <summary>Whether to note calls (off for the ceiling run, where the queue would be the bottleneck).</summary>
    public bool Recording { get; init; } = true;

    public string Name => "zero";
    public IReadOnlyDictionary<string, object> FreshnessSettings { get; } = new Dictionary<string, object>();

    public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken)
    {
        if (Recording)
        {
            var began = Stopwatch.GetTimestamp();
            Calls.Enqueue((began, Stopwatch.GetTimestamp()));
        }
        return Nothing;
    }

    public Task<bool> BuildIndexesAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
