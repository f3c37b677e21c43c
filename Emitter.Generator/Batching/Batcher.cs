using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Batching;

/// <summary>
/// Gathers entries from every emitter into batches of <c>buffer_size</c>, sealed when full or
/// when the flush interval has passed since the last flush. Every flush, even an empty tick,
/// restarts the clock (the original's empty tick did not, and its loop spun).
/// </summary>
public sealed class Batcher(int bufferSize, TimeSpan flushInterval, TimeProvider time)
{
    private readonly Lock _gate = new();
    private LogEntry[] _buffer = new LogEntry[bufferSize];
    private int _count;
    private long _sequence;
    private long _lastFlush = time.GetTimestamp();

    public TimeSpan FlushInterval { get; } = flushInterval;
    public TimeProvider Time => time;

    /// <summary>Batches sealed so far.</summary>
    public long Flushed => Interlocked.Read(ref _sequence);

    /// <summary>Adds entries; any batches that fill up are appended to <paramref name="sealedBatches"/>.</summary>
    public void Add(ReadOnlySpan<LogEntry> entries, List<Batch> sealedBatches)
    {
        lock (_gate)
        {
            while (!entries.IsEmpty)
            {
                var take = Math.Min(entries.Length, _buffer.Length - _count);
                entries[..take].CopyTo(_buffer.AsSpan(_count));
                _count += take;
                entries = entries[take..];
                if (_count == _buffer.Length) sealedBatches.Add(SealLocked());
            }
        }
    }

    /// <summary>Time left until the interval flush is due (zero or less: due now).</summary>
    public TimeSpan UntilDue()
    {
        lock (_gate) return FlushInterval - time.GetElapsedTime(_lastFlush);
    }

    /// <summary>The timer's flush: seals what is buffered if the interval has passed; restarts the clock either way.</summary>
    public Batch? FlushIfDue()
    {
        lock (_gate)
        {
            if (time.GetElapsedTime(_lastFlush) < FlushInterval) return null;
            if (_count == 0)
            {
                _lastFlush = time.GetTimestamp();
                return null;
            }
            return SealLocked();
        }
    }

    /// <summary>The last flush at shutdown: whatever is buffered, or null.</summary>
    public Batch? FlushRemaining()
    {
        lock (_gate) return _count == 0 ? null : SealLocked();
    }

    private Batch SealLocked()
    {
        LogEntry[] entries;
        if (_count == _buffer.Length)
        {
            entries = _buffer;
            _buffer = new LogEntry[_buffer.Length];
        }
        else
        {
            // A partial batch (interval or last flush) gets an array of its own size and the
            // buffer is kept: queued batches then hold memory for their entries, not buffer_size.
            entries = _buffer.AsSpan(0, _count).ToArray();
            Array.Clear(_buffer, 0, _count);
        }
        var batch = new Batch(entries, entries.Length, Interlocked.Increment(ref _sequence), time.GetUtcNow());
        _count = 0;
        _lastFlush = time.GetTimestamp();
        return batch;
    }
}
