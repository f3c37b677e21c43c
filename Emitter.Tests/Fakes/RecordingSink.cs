using System.Collections.Concurrent;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Sinks;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A sink that keeps every entry it accepted, and can be told to fail: the first
/// <see cref="TransientFailures"/> writes throw a transient error, writes whose batch
/// <see cref="FailPermanently"/> selects throw a permanent one, and each write may wait
/// <see cref="WriteDelay"/> on the run's clock.
/// </summary>
public sealed class RecordingSink(string name, TimeProvider time) : ILogSink
{
    private int _transientLeft;

    public string Name { get; } = name;
    public ConcurrentQueue<LogEntry> Entries { get; } = new();
    public int Writes;
    public int TransientFailures { init => _transientLeft = value; }
    public Func<Batch, bool> FailPermanently { get; init; } = _ => false;

    /// <summary>Entries of each batch to reject for good while writing the rest (per-item failures).</summary>
    public int RejectPerBatch { get; init; }
    public TimeSpan WriteDelay { get; init; }

    public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Writes);
        if (WriteDelay > TimeSpan.Zero) await Task.Delay(WriteDelay, time, cancellationToken);
        if (Interlocked.Decrement(ref _transientLeft) >= 0) throw new TransientSinkException("connection reset (injected)");
        if (FailPermanently(batch)) throw new InvalidOperationException("mapping rejected (injected)");
        var reject = Math.Min(RejectPerBatch, batch.Count);
        foreach (var entry in batch.Entries.Span[reject..]) Entries.Enqueue(entry);
        if (reject > 0) throw new PartialBatchFailureException(reject, "document parsing exception (injected)");
    }

    public bool IsTransient(Exception exception) => exception is TransientSinkException;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public sealed class TransientSinkException(string message) : Exception(message);
}
