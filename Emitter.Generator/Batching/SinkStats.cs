namespace Emitter.Generator.Batching;

/// <summary>Counters of one sink, updated by its pipeline (written from several threads, hence Interlocked).</summary>
public sealed class SinkStats
{
    private long _delivered, _failed, _dropped, _retries, _batches, _maxLatencyTicks;
    private string? _firstError;

    public long Delivered => Interlocked.Read(ref _delivered);
    public long Failed => Interlocked.Read(ref _failed);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Retries => Interlocked.Read(ref _retries);
    /// <summary>Sealed batches written: each counted once, when its last entry is settled (see <see cref="SinkPipeline"/>).</summary>
    public long Batches => Interlocked.Read(ref _batches);
    public TimeSpan MaxLatency => TimeSpan.FromTicks(Interlocked.Read(ref _maxLatencyTicks));
    public string? FirstError => Volatile.Read(ref _firstError);

    public void AddDelivered(int entries, TimeSpan latency)
    {
        Interlocked.Add(ref _delivered, entries);
        long seen;
        while (latency.Ticks > (seen = Interlocked.Read(ref _maxLatencyTicks))
               && Interlocked.CompareExchange(ref _maxLatencyTicks, latency.Ticks, seen) != seen)
        {
        }
    }

    public void AddBatches(int batches) => Interlocked.Add(ref _batches, batches);

    public void AddFailed(int entries, string reason)
    {
        Interlocked.Add(ref _failed, entries);
        Interlocked.CompareExchange(ref _firstError, reason, null);
    }

    /// <param name="reason">Why, when it is more than a full queue (a live view that could not take them).</param>
    public void AddDropped(int entries, string? reason = null)
    {
        Interlocked.Add(ref _dropped, entries);
        if (reason is not null) Interlocked.CompareExchange(ref _firstError, reason, null);
    }

    public void AddRetry() => Interlocked.Increment(ref _retries);
}
