using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// The connected browser clients. Publishing puts a frame in every client's own queue and
/// returns at once: a slow client never slows ingestion or the others.
/// </summary>
public sealed class ClientHub(IOptions<DashboardOptions> options)
{
    private readonly ConcurrentDictionary<long, ClientQueue> _clients = new();
    private long _nextId, _flushes, _entries;

    public int ClientCount => _clients.Count;
    public long Flushes => Interlocked.Read(ref _flushes);
    public long Entries => Interlocked.Read(ref _entries);

    public IEnumerable<long> MissedPerClient => _clients.Values.Select(c => c.TotalMissedEntries);

    public (long Id, ClientQueue Queue) Connect()
    {
        var queue = new ClientQueue(Math.Max(1, options.Value.ClientQueueFrames));
        var id = Interlocked.Increment(ref _nextId);
        _clients[id] = queue;
        return (id, queue);
    }

    public void Disconnect(long id)
    {
        if (_clients.TryRemove(id, out var queue)) queue.Complete();
    }

    public void Publish(OutboundFrame frame)
    {
        Interlocked.Increment(ref _flushes);
        Interlocked.Add(ref _entries, frame.Entries);
        foreach (var client in _clients.Values) client.Add(frame);
    }
}
