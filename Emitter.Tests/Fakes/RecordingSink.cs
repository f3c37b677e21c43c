using System.Collections.Concurrent;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A sink that keeps every entry it accepted, and can be told to fail: the first
/// <see cref="TransientFailures"/> writes leave their whole batch for a retry, writes whose batch
/// <see cref="PartialWrites"/> store half and leave the rest, writes whose batch
/// <see cref="FailPermanently"/> selects throw (failed for good), and each write may wait
/// <see cref="WriteDelay"/> on the run's clock.
/// </summary>
public sealed class RecordingSink(string name, TimeProvider time) : ILogSink
{
    private int _transientLeft;
    private int _partialLeft;
    private long _sent;

    public string Name { get; } = name;
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    /// <summary>Entries handed to the sink over every write, retries included.</summary>
    public long Sent => Interlocked.Read(ref _sent);
    public int Writes;
    public int TransientFailures { init => _transientLeft = value; }

    /// <summary>The first this many writes store the first half of their batch and leave the rest for a retry (a partial answer).</summary>
    public int PartialWrites { init => _partialLeft = value; }
    public Func<Batch, bool> FailPermanently { get; init; } = _ => false;

    /// <summary>Entries of each batch to reject for good while writing the rest (per-item failures).</summary>
    public int RejectPerBatch { get; init; }
    public TimeSpan WriteDelay { get; init; }

    public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Writes);
        Interlocked.Add(ref _sent, batch.Count);
        if (WriteDelay > TimeSpan.Zero) await Task.Delay(WriteDelay, time, cancellationToken);
        if (Interlocked.Decrement(ref _transientLeft) >= 0) return WriteResult.Retry(batch, "connection reset (injected)");
        if (batch.Count > 1 && Interlocked.Decrement(ref _partialLeft) >= 0)
        {
            var half = batch.Count / 2;
            foreach (var entry in batch.Entries.Span[..half]) Entries.Enqueue(entry);
            return WriteResult.Retry(batch.Subset(Enumerable.Range(half, batch.Count - half)), "half the batch answered 429 (injected)");
        }
        if (FailPermanently(batch)) throw new InvalidOperationException("mapping rejected (injected)");
        var reject = Math.Min(RejectPerBatch, batch.Count);
        foreach (var entry in batch.Entries.Span[reject..]) Entries.Enqueue(entry);
        return WriteResult.PartlyFailed(reject, "document parsing exception (injected)");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
