using System.Threading.Channels;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// One client's queue of frames, bounded in bytes (frames range from a few hundred bytes to
/// megabytes, so a count of frames bounds nothing). Adding never waits: when the frames waiting
/// would pass the limit the oldest are dropped and their entries counted, and the count is taken
/// before the newer frame can be read, so the client is always told what it missed before what
/// follows the gap. The newest frame is always kept, so a client can see a frame larger than the limit.
/// </summary>
public sealed class ClientQueue(long capacityBytes)
{
    private readonly Channel<OutboundFrame> _frames = Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions
    {
        SingleReader = false, // Add reads too, to drop
        SingleWriter = false,
    });
    private readonly Lock _lock = new();
    private long _bytes, _missedEntries, _missedFlushes, _totalMissed;

    /// <summary>Entries this client has missed since it connected.</summary>
    public long TotalMissedEntries => Interlocked.Read(ref _totalMissed);

    /// <summary>Bytes of frames waiting.</summary>
    public long Bytes
    {
        get { lock (_lock) return _bytes; }
    }

    public void Add(OutboundFrame frame)
    {
        lock (_lock)
        {
            if (!_frames.Writer.TryWrite(frame)) return; // completed: the client is gone
            _bytes += frame.Json.Length;
            while (_bytes > capacityBytes && _frames.Reader.Count > 1 && _frames.Reader.TryRead(out var oldest))
            {
                _bytes -= oldest.Json.Length;
                if (!oldest.Flush) continue; // a bench snapshot: the next one supersedes it
                _missedEntries += oldest.Entries;
                Interlocked.Add(ref _totalMissed, oldest.Entries);
                _missedFlushes++;
            }
        }
    }

    /// <summary>Waits until a frame is waiting (false: the queue was completed).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _frames.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>The oldest frame waiting, with what was dropped before it since the last take (entries, flushes).</summary>
    public bool TryTake(out OutboundFrame frame, out (long Entries, long Flushes) missed)
    {
        lock (_lock)
        {
            missed = default;
            if (!_frames.Reader.TryRead(out frame!)) return false;
            missed = (_missedEntries, _missedFlushes);
            _bytes -= frame.Json.Length;
            _missedEntries = _missedFlushes = 0;
            return true;
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            _frames.Writer.TryComplete();
            while (_frames.Reader.TryRead(out _)) { } // a dropped client's frames are not kept for it
            _bytes = 0;
        }
    }
}
