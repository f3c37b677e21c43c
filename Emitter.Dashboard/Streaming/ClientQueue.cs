using System.Threading.Channels;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// One client's bounded queue of frames. Adding never waits: when it is full the oldest frame
/// is dropped and its entries are counted, and the count is taken before the newer frame can be
/// read, so the client is always told what it missed before what follows the gap.
/// </summary>
public sealed class ClientQueue(int capacity)
{
    private readonly Channel<OutboundFrame> _frames = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; Add drops the oldest itself
        SingleReader = false, // Add reads too, to drop
        SingleWriter = false,
    });
    private readonly Lock _adding = new();
    private long _missedEntries, _missedFlushes, _totalMissed;

    public ChannelReader<OutboundFrame> Reader => _frames.Reader;

    /// <summary>Entries this client has missed since it connected.</summary>
    public long TotalMissedEntries => Interlocked.Read(ref _totalMissed);

    public void Add(OutboundFrame frame)
    {
        lock (_adding)
        {
            while (!_frames.Writer.TryWrite(frame))
            {
                if (!_frames.Reader.TryRead(out var oldest)) return; // completed: the client is gone
                if (!oldest.Flush) continue; // a bench snapshot: the next one supersedes it
                Interlocked.Add(ref _missedEntries, oldest.Entries);
                Interlocked.Add(ref _totalMissed, oldest.Entries);
                Interlocked.Increment(ref _missedFlushes);
            }
        }
    }

    /// <summary>What was dropped since the last call (entries, flushes), and resets it.</summary>
    public (long Entries, long Flushes) TakeMissed() =>
        (Interlocked.Exchange(ref _missedEntries, 0), Interlocked.Exchange(ref _missedFlushes, 0));

    public void Complete() => _frames.Writer.TryComplete();
}
