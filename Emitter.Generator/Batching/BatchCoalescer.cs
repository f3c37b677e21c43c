using System.Threading.Channels;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Batching;

/// <summary>
/// Joins a batch with those already queued behind it, up to a sink's limit, so a sink that
/// fell behind pays its per-write cost once for several (<see cref="Sinks.ILogSink.CoalesceEntries"/>).
/// Never waits: only what is queued now is taken.
/// </summary>
public static class BatchCoalescer
{
    /// <param name="queue">The sink's queue; its only reader, so what is peeked is what is read.</param>
    public static Batch WithWaiting(Batch first, ChannelReader<Batch> queue, int limit)
    {
        List<Batch>? batches = null;
        var total = first.Count;
        while (queue.TryPeek(out var next) && total + next.Count <= limit && queue.TryRead(out next))
        {
            (batches ??= [first]).Add(next);
            total += next.Count;
        }
        return batches is null ? first : Batch.Combine(batches);
    }
}
