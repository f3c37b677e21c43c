using System.Collections.Concurrent;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A FAKE Qdrant for tests: gRPC (HTTP/2 without TLS) on 127.0.0.1, built on Grpc.AspNetCore
/// with Qdrant.Client's own message types and method descriptors (<see cref="FakeQdrantMethods"/>).
/// It keeps collections and points in memory, checks the api-key header when it has one, and
/// plays queued faults on upserts (<see cref="FakeQdrantFault"/>).
/// </summary>
public sealed class FakeQdrantServer : IAsyncDisposable
{
    public const string Version = "1.15.2";

    private readonly ConcurrentQueue<FakeQdrantFault> _faults = new();
    private readonly ConcurrentBag<Document> _documents = [];
    private WebApplication? _app;
    private int _upsertRequests;

    private FakeQdrantServer(string? apiKey) => ApiKey = apiKey;

    public string? ApiKey { get; }

    /// <summary>The gRPC address to give the client, e.g. http://127.0.0.1:41234.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentDictionary<string, FakeQdrantCollection> Collections { get; } = new();

    public int UpsertRequests => Volatile.Read(ref _upsertRequests);

    /// <summary>Every BM25 Document the server was given (text, model, options).</summary>
    public IReadOnlyCollection<Document> Documents => _documents;

    public static async Task<FakeQdrantServer> StartAsync(string? apiKey = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeQdrantServer(apiKey);
        var builder = LoopbackApp.CreateBuilder(listen: o => o.Protocols = HttpProtocols.Http2);
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 << 20);
        builder.Services.AddSingleton(new FakeQdrantService(server));
        builder.Services.AddSingleton<IServiceMethodProvider<FakeQdrantService>, FakeQdrantMethods>();
        var app = builder.Build();
        app.MapGrpcService<FakeQdrantService>();
        await app.StartAsync(cancellationToken);

        server.Endpoint = LoopbackApp.Address(app);
        server._app = app;
        return server;
    }

    public FakeQdrantCollection Collection(string name) => Collections[name];

    /// <summary>The next <paramref name="count"/> upserts get this fault.</summary>
    public void FailNextUpserts(int count, FakeQdrantFault fault)
    {
        for (var i = 0; i < count; i++) _faults.Enqueue(fault);
    }

    internal FakeQdrantFault? TakeFault() => _faults.TryDequeue(out var fault) ? fault : null;

    internal void CountUpsertRequest() => Interlocked.Increment(ref _upsertRequests);

    internal void SeeDocuments(IEnumerable<PointStruct> points)
    {
        foreach (var vector in points.SelectMany(p => p.Vectors.Vectors_.Vectors.Values).Where(v => v.VectorCase == Vector.VectorOneofCase.Document))
            _documents.Add(vector.Document);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
