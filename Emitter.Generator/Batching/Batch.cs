using Emitter.Generator.Emission;

namespace Emitter.Generator.Batching;

/// <summary>A flushed group of entries, shared read-only by every sink.</summary>
public sealed class Batch(LogEntry[] entries, int count, long sequence, DateTimeOffset sealedAt)
{
    public ReadOnlyMemory<LogEntry> Entries { get; } = entries.AsMemory(0, count);
    public int Count => Entries.Length;

    /// <summary>Order of sealing, from 1; sinks may use it to label writes.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>When the batcher closed the batch: a sink's latency is measured from here.</summary>
    public DateTimeOffset SealedAt { get; } = sealedAt;
}
