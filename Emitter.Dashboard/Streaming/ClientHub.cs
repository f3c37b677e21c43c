using System.Collections.Concurrent;
using Emitter.Dashboard.Contract;
using Microsoft.Extensions.Options;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// The connected browser clients and the backlog they get on connect. Publishing puts a frame
/// in every client's own queue and returns at once: a slow client never slows ingestion or the
/// others. Publishing and connecting take one lock, so a client's backlog ends exactly where
/// its first flush begins: no entry in both, none in neither.
/// </summary>
public sealed class ClientHub(IOptions<DashboardOptions> options)
{
    private readonly ConcurrentDictionary<long, ClientQueue> _clients = new();
    private readonly Backlog _backlog = new(options.Value.BacklogEntries);
    private readonly Lock _publishing = new();
    private long _nextId, _benchSnapshots, _droppedClients, _refusedClients;

    public int ClientCount => _clients.Count;

    public long Flushes
    {
        get { lock (_publishing) return _backlog.Flushes; }
    }

    public long Entries
    {
        get { lock (_publishing) return _backlog.Entries; }
    }

    /// <summary>Bench snapshots received (POST /bench).</summary>
    public long BenchSnapshots => Interlocked.Read(ref _benchSnapshots);

    /// <summary>Clients dropped because a frame did not reach them within the send timeout.</summary>
    public long DroppedClients => Interlocked.Read(ref _droppedClients);

    /// <summary>Connections refused because <see cref="DashboardOptions.MaxClients"/> were connected.</summary>
    public long RefusedClients => Interlocked.Read(ref _refusedClients);

    /// <summary>Bytes of frames waiting in the client queues (a frame shared by several is counted in each).</summary>
    public long QueuedBytes => _clients.Values.Sum(c => c.Bytes);

    internal void ClientDropped() => Interlocked.Increment(ref _droppedClients);

    public IEnumerable<long> MissedPerClient => _clients.Values.Select(c => c.TotalMissedEntries);

    /// <summary>
    /// Registers a client: its queue gets every flush published from now on; send it <c>Backlog</c>
    /// (a backlog frame) first. Null when <see cref="DashboardOptions.MaxClients"/> are connected.
    /// </summary>
    public (long Id, ClientQueue Queue, ReadOnlyMemory<byte> Backlog)? Connect()
    {
        var queue = new ClientQueue(options.Value.ClientQueueBytes);
        var id = Interlocked.Increment(ref _nextId);
        BacklogSnapshot backlog;
        lock (_publishing)
        {
            if (_clients.Count >= options.Value.MaxClients)
            {
                Interlocked.Increment(ref _refusedClients);
                return null;
            }
            backlog = _backlog.Snapshot();
            _clients[id] = queue;
        }
        return (id, queue, BacklogFrame.Create(backlog));
    }

    public void Disconnect(long id)
    {
        if (_clients.TryRemove(id, out var queue)) queue.Complete();
    }

    /// <summary>Sends the batch to every client; null, or why it was refused (a service beyond <see cref="DashboardOptions.MaxServices"/>).</summary>
    internal string? Publish(IngestBatch batch, DateTimeOffset receivedAt)
    {
        var frame = FlushFrame.Create(batch, receivedAt);
        lock (_publishing)
        {
            if (_backlog.ServiceBeyond(batch.Entries, options.Value.MaxServices) is { } service)
                return $"service '{service}' would be more than the {options.Value.MaxServices} distinct services this dashboard tracks (Dashboard:MaxServices)";
            _backlog.Add(batch.Entries);
            foreach (var client in _clients.Values) client.Add(frame);
        }
        return null;
    }

    internal void PublishBench(BenchSnapshot snapshot)
    {
        var frame = BenchFrame.Create(snapshot);
        Interlocked.Increment(ref _benchSnapshots);
        lock (_publishing)
        {
            foreach (var client in _clients.Values) client.Add(frame);
        }
    }
}
