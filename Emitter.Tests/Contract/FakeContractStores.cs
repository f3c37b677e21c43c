using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;
using Emitter.Tests.Faults;

namespace Emitter.Tests.Contract;

/// <summary>The fake Qdrant (gRPC), with an API key; faults are the fake's own (docs/server-contract.md).</summary>
public sealed class FakeQdrantContractStore(FakeQdrantServer server) : ContractStore
{
    private const string Key = "contract-secret-key";

    public static async Task<ContractStore> StartAsync() => new FakeQdrantContractStore(await FakeQdrantServer.StartAsync(Key, Ct));

    public override string Type => SinkTypes.Qdrant;
    public override string Target { get; } = "contract";
    public override string TargetKey => "collection_name";
    public override string Secret => Key;
    public override bool RefusesSingleEntries => false; // the server refuses a whole upsert
    public override string RefusalReason => "fake permanent rejection";

    protected override IEnumerable<(string Key, string Value)> Settings(int? viaPort) =>
        [("url", viaPort is { } port ? $"http://127.0.0.1:{port}" : server.Endpoint.ToString()), ("api_key", Key), (TargetKey, Target)];

    public override (IEnumerable<(string Key, string Value)> Settings, string Secret) Unreachable(int port) => ([("url", $"http://127.0.0.1:{port}"), ("api_key", Key)], Key);

    public override FaultProxy Proxy() => FaultProxy.ToServer(server.Endpoint);

    public override Task<IReadOnlySet<Guid>> StoredIdsAsync() => Task.FromResult<IReadOnlySet<Guid>>(
        server.Collections.TryGetValue(Target, out var collection) ? collection.Points.Keys.Select(Guid.Parse).ToHashSet() : []);

    public override Task<StoredShape> ShapeAsync(Guid written)
    {
        var collection = server.Collection(Target);
        return Task.FromResult(new StoredShape(
            collection.Created.VectorsConfig?.ParamsMap?.Map.ContainsKey("dense") == true,
            collection.Created.SparseVectorsConfig?.Map.ContainsKey("bm25") == true,
            collection.Points[written.ToString()].Vectors.Vectors_.Vectors.ContainsKey("dense")));
    }

    public override Task FailNextWritesAsync(int count)
    {
        server.FailNextUpserts(count, FakeQdrantFault.Unavailable);
        return Task.CompletedTask;
    }

    public override Task RefuseAsync(IReadOnlyCollection<Guid> ids)
    {
        var refused = ids.Select(id => id.ToString()).ToHashSet();
        server.RefuseIds(refused.Contains);
        return Task.CompletedTask;
    }

    public override Task StopAsync() => server.StopAsync();
    public override Task RestartAsync() => server.RestartAsync(Ct);

    public override async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// The fake Elasticsearch or the fake OpenSearch (one <c>_bulk</c> protocol, <see cref="FakeBulkServer"/>):
/// Elasticsearch with an API key and the trial licence hybrid search needs, OpenSearch over HTTPS
/// with the security plugin's self-signed certificate and Basic credentials.
/// </summary>
public sealed class FakeBulkContractStore : ContractStore
{
    private readonly FakeBulkServer _server;
    private readonly Func<string, (JsonObject Mappings, IReadOnlyDictionary<string, JsonObject> Documents)?> _index;
    private readonly (string Key, string Value)[] _credentials;

    private FakeBulkContractStore(string type, FakeBulkServer server, Func<string, (JsonObject, IReadOnlyDictionary<string, JsonObject>)?> index,
        string secret, params (string Key, string Value)[] credentials)
    {
        Type = type;
        _server = server;
        _index = index;
        Secret = secret;
        _credentials = credentials;
    }

    public static async Task<ContractStore> ElasticsearchAsync()
    {
        const string key = "Y29udHJhY3Qtc2VjcmV0LWtleQ==";
        var server = await FakeElasticsearchServer.StartAsync(apiKey: key, cancellationToken: Ct);
        server.License = "trial"; // RRF needs it, as on the server
        return new FakeBulkContractStore(SinkTypes.Elasticsearch, server,
            name => server.Indices.TryGetValue(name, out var i) ? (i.Mappings, i.Documents) : null, key, ("api_key", key));
    }

    public static async Task<ContractStore> OpenSearchAsync()
    {
        const string password = "Contract-Secret-1!";
        var server = await FakeOpenSearchServer.StartAsync("admin", password, tls: true, Ct);
        return new FakeBulkContractStore(SinkTypes.OpenSearch, server,
            name => server.Indices.TryGetValue(name, out var i) ? (i.Mappings, i.Documents) : null, password,
            ("user", "admin"), ("password", password), ("skip_cert", "true"));
    }

    public override string Type { get; }
    public override string Target => "contract";
    public override string TargetKey => "index_name";
    public override string Secret { get; }
    public override bool RefusesSingleEntries => true; // _bulk answers each item
    public override string RefusalReason => "fake permanent rejection";

    protected override IEnumerable<(string Key, string Value)> Settings(int? viaPort) =>
        [("url", viaPort is { } port ? new UriBuilder(_server.Url) { Port = port }.Uri.ToString() : _server.Url.ToString()), .. _credentials, (TargetKey, Target)];

    public override (IEnumerable<(string Key, string Value)> Settings, string Secret) Unreachable(int port) =>
        ([("url", new UriBuilder(_server.Url) { Port = port }.Uri.ToString()), .. _credentials], Secret);

    public override FaultProxy Proxy() => FaultProxy.ToServer(_server.Url);

    public override Task<IReadOnlySet<Guid>> StoredIdsAsync() =>
        Task.FromResult<IReadOnlySet<Guid>>(_index(Target) is { } index ? index.Documents.Keys.Select(Guid.Parse).ToHashSet() : []);

    public override Task<StoredShape> ShapeAsync(Guid written)
    {
        var (mappings, documents) = _index(Target)!.Value;
        return Task.FromResult(MappedShape(mappings, documents[written.ToString()]));
    }

    /// <summary>An Elasticsearch or OpenSearch mapping's shape: <c>dense</c> mapped, <c>message</c> indexed (not <c>index: false</c>), the document's vector.</summary>
    public static StoredShape MappedShape(JsonNode? mappings, JsonNode? document)
    {
        var properties = mappings?["properties"];
        var message = properties?["message"];
        return new StoredShape(
            properties?["dense"] is not null,
            message?["type"]?.GetValue<string>() == "text" && message["index"]?.GetValue<bool>() != false,
            document?["dense"] is JsonArray);
    }

    public override Task FailNextWritesAsync(int count)
    {
        _server.FailNextBulkRequests(count, 503);
        return Task.CompletedTask;
    }

    public override Task RefuseAsync(IReadOnlyCollection<Guid> ids)
    {
        var refused = ids.Select(id => id.ToString()).ToHashSet();
        _server.RefuseIds(refused.Contains);
        return Task.CompletedTask;
    }

    public override Task StopAsync() => _server.StopAsync();
    public override Task RestartAsync() => _server.RestartAsync(Ct);

    public override async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await base.DisposeAsync();
    }
}
