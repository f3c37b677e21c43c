using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;

namespace Emitter.Tests.Fakes;

/// <summary>
/// What the fake Elasticsearch and the fake OpenSearch share, as OpenSearch forked the
/// <c>_bulk</c> protocol: the faults a test queues (whole <c>_bulk</c> requests, index setup
/// requests, per-item results, ids refused for good), the counters, and the host that can stop
/// and come back on its port with the indices kept. Each fake keeps its own error shapes.
/// </summary>
public abstract class FakeBulkServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _requestFaults = new();
    private readonly ConcurrentQueue<int> _setupFaults = new();
    private readonly ConcurrentQueue<FakeElasticsearchItemFault> _itemFaults = new();
    private Func<string, bool> _refusedIds = _ => false;
    private long _sequence, _bulkRequests, _bulkItems, _setupFaultsServed;
    private LoopbackHost? _host;

    public Uri Url => _host!.Address;

    public long BulkRequests => Interlocked.Read(ref _bulkRequests);

    /// <summary>Items received over all <c>_bulk</c> requests, retried ones again each time.</summary>
    public long BulkItems => Interlocked.Read(ref _bulkItems);

    /// <summary>Setup requests (index exists, create, mapping) answered with an injected fault, in all.</summary>
    public long SetupFaultsServed => Interlocked.Read(ref _setupFaultsServed);

    /// <summary>The next <paramref name="count"/> <c>_bulk</c> requests are answered with <paramref name="status"/> and store nothing.</summary>
    public void FailNextBulkRequests(int count, int status = 503)
    {
        for (var i = 0; i < count; i++) _requestFaults.Enqueue(status);
    }

    /// <summary>
    /// The next <paramref name="count"/> index setup requests are answered with <paramref name="status"/>:
    /// 429 as a node whose queues are full, 503 as a cluster without a master (the sink must retry both).
    /// </summary>
    public void FailNextSetupRequests(int count, int status)
    {
        for (var i = 0; i < count; i++) _setupFaults.Enqueue(status);
    }

    /// <summary>The next <paramref name="count"/> bulk items get this result instead of being stored.</summary>
    public void FailNextItems(int count, FakeElasticsearchItemFault fault)
    {
        for (var i = 0; i < count; i++) _itemFaults.Enqueue(fault);
    }

    /// <summary>Documents with these ids are refused every time (400), as a mapping conflict would be.</summary>
    public void RefuseIds(Func<string, bool> ids) => _refusedIds = ids;

    /// <summary>The server goes down: connections close, new ones are refused; the indices are kept.</summary>
    public Task StopAsync() => _host!.StopAsync();

    /// <summary>The server comes back on the same port with what it held.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _host!.StartAsync(cancellationToken);

    protected Task StartHostAsync(Func<int, WebApplication> build, CancellationToken cancellationToken)
    {
        _host = new LoopbackHost(build);
        return _host.StartAsync(cancellationToken);
    }

    /// <summary>A queued setup fault for this request, counted as served.</summary>
    protected bool TakeSetupFault(out int status)
    {
        if (!_setupFaults.TryDequeue(out status)) return false;
        Interlocked.Increment(ref _setupFaultsServed);
        return true;
    }

    /// <summary>Counts a <c>_bulk</c> request and takes the fault queued for it, if any.</summary>
    protected bool TakeBulkFault(out int status)
    {
        Interlocked.Increment(ref _bulkRequests);
        return _requestFaults.TryDequeue(out status);
    }

    /// <summary>The result an item gets instead of being stored: <paramref name="refusal"/> for a refused id, else a queued fault, else none.</summary>
    internal FakeElasticsearchItemFault? TakeItemFault(string id, FakeElasticsearchItemFault refusal) =>
        _refusedIds(id) ? refusal : _itemFaults.TryDequeue(out var fault) ? fault : null;

    internal long NextSequenceNumber() => Interlocked.Increment(ref _sequence) - 1;

    internal void CountBulkItems(int items) => Interlocked.Add(ref _bulkItems, items);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
