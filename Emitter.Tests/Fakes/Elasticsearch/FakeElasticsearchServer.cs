using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Emitter.Tests.Fakes;

/// <summary>
/// A FAKE Elasticsearch 9 for tests (Kestrel on 127.0.0.1): index exists/create/delete with the
/// mapping kept as sent, <c>_mapping</c>, <c>_bulk</c> (<see cref="FakeElasticsearchBulk"/>),
/// <c>_count</c>, <c>_refresh</c>, <c>_search</c> (<see cref="FakeElasticsearchSearch"/>). Every answer carries
/// <c>X-Elastic-Product: Elasticsearch</c>, which the official client insists on; Basic or ApiKey
/// credentials are checked when set. Index creation refuses what the server of <see cref="Version"/>
/// refuses (<see cref="FakeElasticsearchMapping"/>). Faults: whole <c>_bulk</c> requests answered 503,
/// per-item results (429, 400...), index setup requests answered 429/503, searches failed or delayed.
/// </summary>
public sealed class FakeElasticsearchServer : FakeBulkServer
{
    public const string DefaultVersion = "9.1.5";

    private readonly string? _authorization;

    private FakeElasticsearchServer(string? authorization) => _authorization = authorization;

    /// <summary>The version <c>GET /</c> reports; index creation follows that version's rules.</summary>
    public string Version { get; set; } = DefaultVersion;

    /// <summary>
    /// The cluster's licence type: <c>basic</c> unless <c>xpack.license.self_generated.type=trial</c>
    /// (x-pack/plugin/core/src/main/java/org/elasticsearch/license/LicenseSettings.java: self-generated type defaults to basic).
    /// </summary>
    public string License { get; set; } = "basic";

    /// <summary>
    /// The licence has expired (the app host's self-generated trial, 30 days after the cluster was
    /// first started on its data volume): a feature that needs a licence above basic is then refused
    /// as under basic (x-pack/plugin/core/src/main/java/org/elasticsearch/license/XPackLicenseState.java,
    /// isAllowedByLicense: an inactive licence allows nothing that needs it active, LicensedFeature.check's case).
    /// </summary>
    public bool LicenseExpired { get; set; }

    /// <summary>Time for injected query latency.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary><c>_search</c>: injected latency and failures.</summary>
    public FakeElasticsearchQueryFaults Queries { get; } = new();

    public ConcurrentDictionary<string, FakeElasticsearchIndex> Indices { get; } = new();

    /// <summary>Every <c>_search</c> body that reached the search (after injected faults), in order: what a client sent, for tests of its parameters.</summary>
    public ConcurrentQueue<JsonObject> SearchBodies { get; } = new();

    /// <param name="user">With <paramref name="password"/>: Basic authentication required.</param>
    /// <param name="apiKey">ApiKey authentication required.</param>
    public static async Task<FakeElasticsearchServer> StartAsync(string? user = null, string? password = null, string? apiKey = null,
        CancellationToken cancellationToken = default)
    {
        var authorization = apiKey is not null ? $"ApiKey {apiKey}"
            : user is not null ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))
            : null;
        var server = new FakeElasticsearchServer(authorization);
        await server.StartHostAsync(port =>
        {
            var builder = LoopbackApp.CreateBuilder(kestrel: kestrel => kestrel.Limits.MaxRequestBodySize = 200 << 20, port: port);
            builder.Services.AddRequestDecompression();
            var app = builder.Build();
            app.UseRequestDecompression(); // the client gzips request bodies, as the server allows
            app.Use(server.FrontDoorAsync);
            server.Map(app);
            return app;
        }, cancellationToken);
        return server;
    }

    public FakeElasticsearchIndex Index(string name) => Indices[name];

    internal static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        // As the server: the versioned media type only for a client that asked for it (the client checks).
        context.Response.ContentType = context.Request.Headers.Accept.ToString().Contains("vnd.elasticsearch+json", StringComparison.Ordinal)
            ? "application/vnd.elasticsearch+json;compatible-with=9"
            : "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private async Task FrontDoorAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        if (_authorization is not null && context.Request.Headers.Authorization != _authorization)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"security\", charset=\"UTF-8\"";
            await FakeElasticsearchErrors.WriteAsync(context, 401, "security_exception", $"unable to authenticate for REST request [{context.Request.Path}]");
            return;
        }
        if (IsSetup(context.Request) && TakeSetupFault(out var setupStatus))
        {
            // Shapes from EsRejectedExecutionException (429) and a cluster block without a master (503).
            var (type, reason) = setupStatus == 429
                ? ("es_rejected_execution_exception", "rejected execution of cluster state task: fake fault")
                : ("cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master];");
            await FakeElasticsearchErrors.WriteAsync(context, setupStatus, type, reason);
            return;
        }
        if (context.Request.Path.Value?.EndsWith("/_bulk", StringComparison.Ordinal) == true && TakeBulkFault(out var status))
        {
            await FakeElasticsearchErrors.WriteAsync(context, status, "unavailable_shards_exception", "fake fault: the cluster cannot take writes now");
            return;
        }
        await next(context);
    }

    private static bool IsSetup(HttpRequest request)
    {
        var segments = request.Path.Value?.Trim('/').Split('/') ?? [];
        return (segments.Length == 1 && segments[0].Length > 0 && !segments[0].StartsWith('_') && (HttpMethods.IsHead(request.Method) || HttpMethods.IsPut(request.Method)))
            || (segments.Length == 2 && segments[1] == "_mapping" && HttpMethods.IsGet(request.Method));
    }

    private void Map(WebApplication app)
    {
        var bulk = new FakeElasticsearchBulk(this);
        var search = new FakeElasticsearchSearch(this);
        // GET / as modules/rest-root/src/main/java/org/elasticsearch/rest/root/MainResponse.java (toXContent) answers it at
        // v9.1.5 in the docker image: every field the client's InfoResponse requires, with that release's values.
        app.MapGet("/", (HttpContext c) => WriteJsonAsync(c, 200, new JsonObject
        {
            ["name"] = "fake", ["cluster_name"] = "fake", ["cluster_uuid"] = "fake-cluster-uuid",
            ["version"] = new JsonObject
            {
                ["number"] = Version, ["build_flavor"] = "default", ["build_type"] = "docker", ["build_hash"] = "fake", ["build_date"] = "2025-10-01T00:00:00.000Z",
                ["build_snapshot"] = false, ["lucene_version"] = "10.2.2", ["minimum_wire_compatibility_version"] = "8.19.0", ["minimum_index_compatibility_version"] = "8.0.0",
            },
            ["tagline"] = "You Know, for Search",
        }));
        app.MapMethods("/_bulk", ["POST", "PUT"], (HttpContext c) => bulk.HandleAsync(c, null));
        app.MapMethods("/{index}/_bulk", ["POST", "PUT"], (HttpContext c, string index) => bulk.HandleAsync(c, index));
        app.MapMethods("/{index}", ["HEAD"], (HttpContext c, string index) => c.Response.StatusCode = Indices.ContainsKey(index) ? 200 : 404);
        app.MapPut("/{index}", CreateAsync);
        app.MapDelete("/{index}", (HttpContext c, string index) => Indices.TryRemove(index, out _)
            ? WriteJsonAsync(c, 200, new JsonObject { ["acknowledged"] = true })
            : FakeElasticsearchErrors.IndexNotFoundAsync(c, index));
        app.MapGet("/{index}/_mapping", (HttpContext c, string index) => Indices.TryGetValue(index, out var found)
            ? WriteJsonAsync(c, 200, new JsonObject { [index] = new JsonObject { ["mappings"] = found.Mappings.DeepClone() } })
            : FakeElasticsearchErrors.IndexNotFoundAsync(c, index));
        app.MapMethods("/{index}/_count", ["GET", "POST"], (HttpContext c, string index) => Indices.TryGetValue(index, out var found)
            ? WriteJsonAsync(c, 200, new JsonObject { ["count"] = found.Ordered().Count, ["_shards"] = Shards() }) // a search: refreshed documents only
            : FakeElasticsearchErrors.IndexNotFoundAsync(c, index));
        app.MapMethods("/{index}/_search", ["GET", "POST"], (HttpContext c, string index) => search.HandleAsync(c, index));
        FakeElasticsearchSettings.Map(app, this);
        app.MapMethods("/{index}/_refresh", ["GET", "POST"], (HttpContext c, string index) =>
        {
            if (!Indices.TryGetValue(index, out var found)) return FakeElasticsearchErrors.IndexNotFoundAsync(c, index);
            found.Refresh.Refresh();
            return WriteJsonAsync(c, 200, new JsonObject { ["_shards"] = Shards() });
        });
    }

    private async Task CreateAsync(HttpContext context, string index)
    {
        var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
            ? await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            : null;
        var mappings = body?["mappings"]?.DeepClone() as JsonObject ?? new JsonObject();
        if (FakeElasticsearchMapping.Refusal(mappings, System.Version.Parse(Version)) is { } refusal)
        {
            await FakeElasticsearchErrors.WriteAsync(context, 400, "mapper_parsing_exception", $"Failed to parse mapping: {refusal}",
                FakeElasticsearchErrors.Cause("illegal_argument_exception", refusal));
            return;
        }
        if (!Indices.TryAdd(index, new FakeElasticsearchIndex(index, mappings, Time)))
        {
            await FakeElasticsearchErrors.WriteAsync(context, 400, "resource_already_exists_exception", $"index [{index}/fake-uuid] already exists");
            return;
        }
        await WriteJsonAsync(context, 200, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index });
    }

    private static JsonObject Shards() => new() { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 };
}
