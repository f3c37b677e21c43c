using System.Collections.Concurrent;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A FAKE Qdrant for tests: gRPC (HTTP/2 without TLS) on 127.0.0.1, built on Grpc.AspNetCore
/// with Qdrant.Client's own message types and method descriptors (<see cref="FakeQdrantMethods"/>).
/// It keeps collections and points in memory, checks the api-key header when it has one, answers
/// the Query API (<see cref="FakeQdrantSearch"/>), plays queued faults on upserts
/// (<see cref="FakeQdrantFault"/>) and latency and failures on queries. It follows the server at
/// <see cref="PinnedVersion"/> (docs/server-contract.md); <see cref="Version"/> plays another.
/// </summary>
public sealed class FakeQdrantServer : IAsyncDisposable
{
    /// <summary>The release the fake follows: Emitter.AppHost's ServerImages.Qdrant.</summary>
    public const string PinnedVersion = "1.19.0";

    private static readonly System.Version FirstWithMetadata = new(1, 16, 0);

    private readonly ConcurrentQueue<FakeQdrantFault> _faults = new();
    private readonly ConcurrentBag<Document> _documents = [];
    private LoopbackHost? _host;
    private Func<string, bool> _refusedIds = _ => false;
    private int _upsertRequests;
    private int _queryRequests;
    private int _lostCreateRaces;

    private FakeQdrantServer(string? apiKey, TimeProvider time)
    {
        ApiKey = apiKey;
        Time = time;
    }

    public string? ApiKey { get; }

    /// <summary>Clock of injected query latency (a FakeTimeProvider makes it a test's to advance).</summary>
    public TimeProvider Time { get; }

    /// <summary>How long after an upsert without <c>wait</c> its points become searchable (the update worker's backlog).</summary>
    public TimeSpan ApplyDelay { get; set; }

    /// <summary>
    /// What HealthCheck reports (src/tonic/mod.rs answers the crate version). Below 1.16.0 the fake
    /// also drops collection metadata, as those servers did.
    /// </summary>
    public string Version { get; set; } = PinnedVersion;

    /// <summary>
    /// Until this instant of <see cref="Time"/> the server is "still starting": every HealthCheck
    /// answers Unavailable. Qdrant binds its gRPC port only once its storage is loaded (src/main.rs
    /// builds the TableOfContent before it starts the tonic server), so until then a client's call
    /// fails with Unavailable (connection refused).
    /// </summary>
    public DateTimeOffset StartingUntil { get; set; } = DateTimeOffset.MinValue;

    internal bool Starting => Time.GetUtcNow() < StartingUntil;

    internal bool StoresMetadata => System.Version.TryParse(Version.Split('-')[0], out var v) && v >= FirstWithMetadata;

    internal FakeQdrantQueryFaults QueryFaults { get; } = new();

    /// <summary>The gRPC address to give the client, e.g. http://127.0.0.1:41234.</summary>
    public Uri Endpoint => _host!.Address;

    public ConcurrentDictionary<string, FakeQdrantCollection> Collections { get; } = new();

    public int UpsertRequests => Volatile.Read(ref _upsertRequests);

    /// <summary>Points.Query calls received, failed ones included.</summary>
    public int QueryRequests => Volatile.Read(ref _queryRequests);

    /// <summary>Every Points.Query request as received, in order: what a client sent, for tests of its parameters.</summary>
    public ConcurrentQueue<QueryPoints> QueryBodies { get; } = new();

    /// <summary>Every BM25 Document the server was given (text, model, options).</summary>
    public IReadOnlyCollection<Document> Documents => _documents;

    public static async Task<FakeQdrantServer> StartAsync(string? apiKey = null, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        var server = new FakeQdrantServer(apiKey, time ?? TimeProvider.System);
        server._host = new LoopbackHost(port =>
        {
            var builder = LoopbackApp.CreateBuilder(listen: o => o.Protocols = HttpProtocols.Http2, port: port);
            builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 << 20);
            builder.Services.AddSingleton(new FakeQdrantService(server));
            builder.Services.AddSingleton<IServiceMethodProvider<FakeQdrantService>, FakeQdrantMethods>();
            var app = builder.Build();
            app.MapGrpcService<FakeQdrantService>();
            return app;
        });
        await server._host.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>The server goes down: connections close, new ones are refused; the collections are kept.</summary>
    public Task StopAsync() => _host!.StopAsync();

    /// <summary>The server comes back on the same port with what it held.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _host!.StartAsync(cancellationToken);

    /// <summary>
    /// An upsert carrying a point with one of these ids is refused whole (InvalidArgument), as the
    /// server refuses a request with a point it cannot take (a vector of the wrong size, lib/segment's
    /// check_vector), every time it is sent.
    /// </summary>
    public void RefuseIds(Func<string, bool> ids) => _refusedIds = ids;

    internal string? Refusal(PointStruct point) =>
        _refusedIds(point.Id.Uuid) ? $"Wrong input: fake permanent rejection of point {point.Id.Uuid}" : null;

    public FakeQdrantCollection Collection(string name) => Collections[name];

    /// <summary>The next <paramref name="count"/> upserts get this fault.</summary>
    public void FailNextUpserts(int count, FakeQdrantFault fault)
    {
        for (var i = 0; i < count; i++) _faults.Enqueue(fault);
    }

    internal FakeQdrantFault? TakeFault() => _faults.TryDequeue(out var fault) ? fault : null;

    /// <summary>
    /// The next create of a collection finds it made an instant earlier by another writer (two
    /// generators starting together): the collection exists, and this create is answered AlreadyExists.
    /// </summary>
    public void LoseNextCreateRace() => Interlocked.Increment(ref _lostCreateRaces);

    internal bool TakeLostCreateRace()
    {
        for (var n = Volatile.Read(ref _lostCreateRaces); n > 0; n = Volatile.Read(ref _lostCreateRaces))
            if (Interlocked.CompareExchange(ref _lostCreateRaces, n - 1, n) == n) return true;
        return false;
    }

    /// <summary>Every query waits this long before it is answered or failed.</summary>
    public void DelayQueries(FakeQdrantLatency? latency) => QueryFaults.Latency = latency;

    /// <summary>The next <paramref name="count"/> queries fail with <paramref name="status"/>.</summary>
    public void FailNextQueries(int count, StatusCode status = StatusCode.Unavailable) => QueryFaults.FailNext(count, status);

    /// <summary>From now on a <paramref name="fraction"/> of queries fail, chosen by a generator seeded with <paramref name="seed"/>.</summary>
    public void FailQueries(double fraction, int seed, StatusCode status = StatusCode.Unavailable) => QueryFaults.FailFraction(fraction, seed, status);

    /// <summary>Signalled each time a query starts its injected delay (tests advance a fake clock on it).</summary>
    public event Action? QueryDelayed;

    internal void OnQueryDelayed() => QueryDelayed?.Invoke();

    internal void CountUpsertRequest() => Interlocked.Increment(ref _upsertRequests);

    internal void CountQueryRequest() => Interlocked.Increment(ref _queryRequests);

    internal void SeeDocuments(IEnumerable<PointStruct> points)
    {
        foreach (var vector in points.SelectMany(p => p.Vectors.Vectors_.Vectors.Values).Where(v => v.VectorCase == Vector.VectorOneofCase.Document))
            _documents.Add(vector.Document);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
