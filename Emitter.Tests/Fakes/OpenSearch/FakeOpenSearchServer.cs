using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A FAKE OpenSearch 3.x (pinned image: see ServerImages.OpenSearch) for tests, on 127.0.0.1. It is
/// not Elasticsearch: no <c>X-Elastic-Product</c> header, and <c>GET /</c> says
/// <c>version.distribution: opensearch</c> (RestMainAction.java answers it with
/// server/src/main/java/org/opensearch/action/main/MainResponse.java's toXContent). The OpenSearch
/// repository is too large to fetch here, so these server files were read as stored copies, not at
/// the pinned tag; the k-NN plugin's (FakeOpenSearchMapping) were read at its tag.
/// Index exists/create/delete with settings and mapping kept as sent, <c>_mapping</c> and <c>_bulk</c>
/// (the fake Elasticsearch's NDJSON checks and per-item results; the request shape is the same
/// server/src/main/java/org/opensearch/action/bulk/BulkRequestParser.java). <c>knn_vector</c> is
/// validated as the k-NN plugin does (<see cref="FakeOpenSearchMapping"/>). With <c>tls</c> it
/// serves HTTPS with a self-signed certificate and requires Basic credentials, as the security
/// plugin's demo configuration does (opensearch-project/security
/// src/main/java/org/opensearch/security/http/HTTPBasicAuthenticator.java: 401 with
/// <c>WWW-Authenticate: Basic realm="OpenSearch Security"</c>). Faults like the fake Elasticsearch's:
/// whole <c>_bulk</c> requests answered 503/429, per-item results, setup requests answered 429/503.
/// </summary>
public sealed class FakeOpenSearchServer : FakeBulkServer
{
    public const string DefaultVersion = "3.8.0";

    /// <summary>A document refused for good: the mapper's parse failure (a 400 item).</summary>
    private static readonly FakeElasticsearchItemFault Refusal = new(400, "mapper_parsing_exception", "failed to parse field [level] of type [keyword]: fake permanent rejection");

    private readonly ConcurrentQueue<int> _searchFaults = new();
    private readonly string? _authorization;
    private long _searches;

    private FakeOpenSearchServer(string? authorization) => _authorization = authorization;

    public ConcurrentDictionary<string, FakeOpenSearchIndex> Indices { get; } = new();

    /// <summary><c>_search</c> requests answered (faults included).</summary>
    public long Searches => Interlocked.Read(ref _searches);

    /// <summary>Every <c>_search</c> body as received (faults' included), in order: what a client sent, for tests of its parameters.</summary>
    public ConcurrentQueue<JsonObject> SearchBodies { get; } = new();

    /// <summary>Requests that reached the server (a client that refused its certificate sends none).</summary>
    public int Requests => _requests;
    private int _requests;

    /// <param name="tls">HTTPS with a fresh self-signed certificate, as the security plugin's demo setup.</param>
    public static async Task<FakeOpenSearchServer> StartAsync(string? user = null, string? password = null, bool tls = false, CancellationToken cancellationToken = default)
    {
        var server = new FakeOpenSearchServer(user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var certificate = tls ? SelfSigned() : null;
        await server.StartHostAsync(port =>
        {
            var builder = LoopbackApp.CreateBuilder(listen: listen => { if (certificate is not null) listen.UseHttps(certificate); },
                kestrel: kestrel => kestrel.Limits.MaxRequestBodySize = 200 << 20, port: port);
            var app = builder.Build();
            app.Use(server.FrontDoorAsync);
            server.Map(app);
            return app;
        }, cancellationToken);
        return server;
    }

    public FakeOpenSearchIndex Index(string name) => Indices[name];

    /// <summary>The next searches are answered with <paramref name="status"/>: 429 a full search queue, 503 no shard answering.</summary>
    public void FailNextSearches(int count, int status)
    {
        for (var i = 0; i < count; i++) _searchFaults.Enqueue(status);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=node-0.example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    /// <summary>The error body of server/src/main/java/org/opensearch/rest/BytesRestResponse.java: error {root_cause, type, reason}, status.</summary>
    internal static Task ErrorAsync(HttpContext context, int status, string type, string reason)
    {
        var cause = new JsonObject { ["type"] = type, ["reason"] = reason };
        return JsonAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject { ["root_cause"] = new JsonArray(cause.DeepClone()), ["type"] = type, ["reason"] = reason },
            ["status"] = status,
        });
    }

    internal static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private async Task FrontDoorAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _requests);
        if (_authorization is not null && context.Request.Headers.Authorization != _authorization)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"OpenSearch Security\"";
            await context.Response.WriteAsync("Unauthorized", context.RequestAborted);
            return;
        }
        var path = context.Request.Path.Value ?? "";
        var isBulk = path.EndsWith("/_bulk", StringComparison.Ordinal);
        if (!isBulk && path.Trim('/').Length > 0 && TakeSetupFault(out var setupStatus))
        {
            await ErrorAsync(context, setupStatus, setupStatus == 429 ? "rejected_execution_exception" : "cluster_manager_not_discovered_exception", "fake fault");
            return;
        }
        if (isBulk && TakeBulkFault(out var status))
        {
            await ErrorAsync(context, status, status == 429 ? "rejected_execution_exception" : "unavailable_shards_exception", "fake fault: the cluster cannot take writes now");
            return;
        }
        await next(context);
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext c) => JsonAsync(c, 200, new JsonObject
        {
            ["name"] = "opensearch-node1", ["cluster_name"] = "opensearch-cluster",
            ["version"] = new JsonObject { ["distribution"] = "opensearch", ["number"] = DefaultVersion, ["lucene_version"] = "10.2.2" },
            ["tagline"] = "The OpenSearch Project: https://opensearch.org/",
        }));
        app.MapMethods("/{index}", ["HEAD"], (HttpContext c, string index) => c.Response.StatusCode = Indices.ContainsKey(index) ? 200 : 404);
        app.MapPut("/{index}", CreateAsync);
        app.MapDelete("/{index}", (HttpContext c, string index) => Indices.TryRemove(index, out _)
            ? JsonAsync(c, 200, new JsonObject { ["acknowledged"] = true })
            : NotFoundAsync(c, index));
        app.MapGet("/{index}/_mapping", (HttpContext c, string index) => Indices.TryGetValue(index, out var found)
            ? JsonAsync(c, 200, new JsonObject { [index] = new JsonObject { ["mappings"] = found.Mappings.DeepClone() } })
            : NotFoundAsync(c, index));
        app.MapMethods("/{index}/_bulk", ["POST", "PUT"], BulkAsync);
        app.MapMethods("/{index}/_search", ["GET", "POST"], SearchAsync);
        app.MapMethods("/{index}/_refresh", ["GET", "POST"], (HttpContext c, string index) =>
        {
            if (!Indices.TryGetValue(index, out var found)) return NotFoundAsync(c, index);
            found.Refresh.Refresh();
            return JsonAsync(c, 200, new JsonObject { ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 } });
        });
        app.MapGet("/{index}/_settings/{name}", SettingAsync);
        app.MapPut("/{index}/_settings", UpdateSettingsAsync);
    }

    private async Task SearchAsync(HttpContext context, string index)
    {
        Interlocked.Increment(ref _searches);
        if (_searchFaults.TryDequeue(out var status))
        {
            // server/src/main/java/org/opensearch/common/util/concurrent/OpenSearchRejectedExecutionException.java (429);
            // SearchPhaseExecutionException when no shard answers (503).
            await ErrorAsync(context, status, status == 429 ? "rejected_execution_exception" : "search_phase_execution_exception", status == 429 ? "rejected execution of search" : "all shards failed");
            return;
        }
        if (!Indices.TryGetValue(index, out var found))
        {
            await NotFoundAsync(context, index);
            return;
        }
        var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? []
            : [];
        SearchBodies.Enqueue((JsonObject)body.DeepClone());
        try
        {
            await JsonAsync(context, 200, FakeOpenSearchSearch.Run(found, body));
        }
        catch (FakeOpenSearchSearchException e)
        {
            await ErrorAsync(context, e.Status, e.Type, e.Message);
        }
    }

    /// <summary>
    /// One setting by name with flat keys, as the index holds it (values as strings); an index
    /// without it is left out of the answer (GetSettingsResponse.toXContent, read as a stored copy).
    /// </summary>
    private Task SettingAsync(HttpContext context, string index, string name)
    {
        if (!Indices.TryGetValue(index, out var found)) return NotFoundAsync(context, index);
        var flat = Flatten(found.Settings);
        return JsonAsync(context, 200, flat.TryGetValue(name, out var value)
            ? new JsonObject { [index] = new JsonObject { ["settings"] = new JsonObject { [name] = value } } }
            : new JsonObject());
    }

    private async Task UpdateSettingsAsync(HttpContext context, string index)
    {
        if (!Indices.TryGetValue(index, out var found))
        {
            await NotFoundAsync(context, index);
            return;
        }
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
        foreach (var (key, value) in Flatten(body)) found.Settings[key.StartsWith("index.", StringComparison.Ordinal) ? key : "index." + key] = value;
        await JsonAsync(context, 200, new JsonObject { ["acknowledged"] = true });
    }

    private static Dictionary<string, string> Flatten(JsonObject settings, string prefix = "")
    {
        var flat = new Dictionary<string, string>();
        foreach (var (key, value) in settings)
        {
            if (value is JsonObject inner)
                foreach (var pair in Flatten(inner, prefix + key + ".")) flat[pair.Key] = pair.Value;
            else if (value is not null)
                flat[prefix + key] = value.ToString();
        }
        return flat;
    }

    private static Task NotFoundAsync(HttpContext context, string index) =>
        ErrorAsync(context, 404, "index_not_found_exception", $"no such index [{index}]");

    private async Task CreateAsync(HttpContext context, string index)
    {
        var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            : null;
        var settings = body?["settings"]?.DeepClone() as JsonObject;
        var mappings = body?["mappings"]?.DeepClone() as JsonObject ?? new JsonObject();
        if (FakeOpenSearchMapping.Refusal(settings, mappings) is { } refusal)
        {
            await ErrorAsync(context, 400, "mapper_parsing_exception", $"Failed to parse mapping [_doc]: {refusal}");
            return;
        }
        // server/src/main/java/org/opensearch/cluster/metadata/MetadataCreateIndexService.java: ResourceAlreadyExistsException.
        if (!Indices.TryAdd(index, new FakeOpenSearchIndex(index, settings ?? new JsonObject(), mappings)))
        {
            await ErrorAsync(context, 400, "resource_already_exists_exception", $"index [{index}/fake-uuid] already exists");
            return;
        }
        await JsonAsync(context, 200, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index });
    }

    private async Task BulkAsync(HttpContext context, string index)
    {
        var (answer, items, refused) = await FakeBulkRequest.HandleAsync(context, ["application/x-ndjson", "application/json"], index, Apply);
        if (refused is { Status: 406 }) await JsonAsync(context, 406, FakeBulkRequest.UnsupportedContentType(refused));
        else if (refused is not null) await ErrorAsync(context, refused.Status, refused.Type, refused.Reason);
        else
        {
            CountBulkItems(items);
            await JsonAsync(context, 200, answer!);
        }
    }

    private JsonObject Apply(string op, string? indexName, string id, JsonObject? document)
    {
        var result = new JsonObject { ["_index"] = indexName, ["_id"] = id };
        if (op is not ("index" or "create") || indexName is null || document is null)
            return Error(result, 400, "action_request_validation_exception", $"Validation Failed: 1: unsupported action [{op}] or missing index or document;");
        if (TakeItemFault(id, Refusal) is { } fault) return Error(result, fault.Status, fault.Type, fault.Reason);

        var index = Indices.GetOrAdd(indexName, name => new FakeOpenSearchIndex(name, new JsonObject(), new JsonObject()));
        if (FakeOpenSearchMapping.DocumentRefusal(index.Mappings, id, document) is { } problem) return Error(result, 400, "mapper_parsing_exception", problem);
        var version = index.Store(id, document);
        result["_version"] = version;
        result["result"] = version == 1 ? "created" : "updated";
        result["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };
        result["_seq_no"] = NextSequenceNumber();
        result["_primary_term"] = 1;
        result["status"] = version == 1 ? 201 : 200;
        return result;
    }

    private static JsonObject Error(JsonObject result, int status, string type, string reason)
    {
        result["status"] = status;
        result["error"] = new JsonObject { ["type"] = type, ["reason"] = reason };
        return result;
    }
}
