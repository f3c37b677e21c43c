using Emitter.Generator.Emission;

namespace Emitter.Generator.Model;

/// <summary>A flushed group of entries, shared read-only by every sink.</summary>
public sealed class Batch(LogEntry[] entries, int count, long sequence, DateTimeOffset sealedAt)
{
    public ReadOnlyMemory<LogEntry> Entries { get; } = entries.AsMemory(0, count);
    public int Count => Entries.Length;

    /// <summary>Order of sealing, from 1; sinks may use it to label writes.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>When the batcher closed the batch: a sink's latency is measured from here.</summary>
    public DateTimeOffset SealedAt { get; } = sealedAt;

    /// <summary>How many sealed batches this holds: more than one once queued batches are written together.</summary>
    public int Sealed { get; private init; } = 1;

    /// <summary>Batches as one, in order: the first's sequence, the oldest seal time (latency counts from the longest wait).</summary>
    public static Batch Combine(IReadOnlyList<Batch> batches)
    {
        var entries = new LogEntry[batches.Sum(b => b.Count)];
        var at = 0;
        foreach (var batch in batches)
        {
            batch.Entries.CopyTo(entries.AsMemory(at));
            at += batch.Count;
        }
        return new Batch(entries, entries.Length, batches[0].Sequence, batches.Min(b => b.SealedAt)) { Sealed = batches.Sum(b => b.Sealed) };
    }

    /// <summary>
    /// The entries at <paramref name="indexes"/> (ascending) as a batch of their own, with this
    /// one's sequence and seal time: what a write left for the pipeline to send again.
    /// </summary>
    public Batch Subset(IEnumerable<int> indexes)
    {
        var source = Entries;
        var entries = indexes.Select(i => source.Span[i]).ToArray();
        return new Batch(entries, entries.Length, Sequence, SealedAt);
    }
}
