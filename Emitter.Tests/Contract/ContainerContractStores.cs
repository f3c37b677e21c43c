using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.Elasticsearch;
using Aspire.Hosting.OpenSearch;
using Emitter.AppHost;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Containers;
using Emitter.Tests.Faults;
using Qdrant.Client;

namespace Emitter.Tests.Contract;

/// <summary>
/// A real server in a container (the pinned image, configured as the app host configures it).
/// Without a container runtime every case skips with the reason, as the container tests do. A
/// real server cannot be made to fail on cue or restarted under a run here: those cases skip,
/// saying the fake plays them.
/// </summary>
public abstract class ContainerContractStore : ContractStore
{
    public const string NoCue = "a real server cannot be made to fail on cue; the fake plays this fault against the same sink";

    public override string Target { get; } = $"contract-{Guid.NewGuid():N}"[..20];
    public override bool RefusesSingleEntries => false;
    public override string RefusalReason => "";
    public override bool PlaysFaults => false;

    public override Task FailNextWritesAsync(int count) => Skip(NoCue);
    public override Task RefuseAsync(IReadOnlyCollection<Guid> ids) => Skip(NoCue);
    public override Task StopAsync() => Skip("the container is shared by every case of the run; the fake plays the restart against the same sink");
    public override Task RestartAsync() => Task.CompletedTask;

    private static Task Skip(string reason)
    {
        Assert.Skip(reason);
        return Task.CompletedTask;
    }
}

/// <summary>The real Qdrant.</summary>
public sealed class ContainerQdrantContractStore(Uri endpoint) : ContainerContractStore
{
    public static async Task<ContractStore> StartAsync(ContractContainers containers)
    {
        var container = await containers.StartAsync(ContainerRuntime.Require(), ServerImages.Qdrant, 6334, [], async c =>
        {
            using var client = new QdrantClient(c.Url);
            await c.WaitUntilAsync(async () => (await client.HealthAsync(Ct)).Version.Length > 0, TimeSpan.FromMinutes(2));
        });
        return new ContainerQdrantContractStore(container.Url);
    }

    public override string Type => SinkTypes.Qdrant;
    public override string TargetKey => "collection_name";
    public override string Secret => "no-secret-configured";

    protected override IEnumerable<(string Key, string Value)> Settings(int? viaPort) =>
        [("url", viaPort is { } port ? $"http://127.0.0.1:{port}" : endpoint.ToString()), (TargetKey, Target)];

    public override (IEnumerable<(string Key, string Value)> Settings, string Secret) Unreachable(int port) =>
        ([("url", $"http://127.0.0.1:{port}"), ("api_key", "contract-secret-key")], "contract-secret-key");

    public override FaultProxy Proxy() => FaultProxy.ToServer(endpoint);

    public override async Task<IReadOnlySet<Guid>> StoredIdsAsync()
    {
        using var client = new QdrantClient(endpoint);
        if (!await client.CollectionExistsAsync(Target, Ct)) return new HashSet<Guid>();
        var points = await client.ScrollAsync(Target, limit: 100_000, payloadSelector: false, cancellationToken: Ct);
        return points.Result.Select(p => Guid.Parse(p.Id.Uuid)).ToHashSet();
    }

    public override async Task<StoredShape> ShapeAsync(Guid written)
    {
        using var client = new QdrantClient(endpoint);
        var info = await client.GetCollectionInfoAsync(Target, Ct);
        var point = Assert.Single(await client.RetrieveAsync(Target, written, withPayload: false, withVectors: true, cancellationToken: Ct));
        return new StoredShape(
            info.Config.Params.VectorsConfig?.ParamsMap?.Map.ContainsKey("dense") == true,
            info.Config.Params.SparseVectorsConfig?.Map.ContainsKey("bm25") == true,
            point.Vectors?.Vectors?.Vectors.ContainsKey("dense") == true);
    }
}

/// <summary>The real Elasticsearch (security on, trial licence) or OpenSearch (security plugin, demo certificate), read over HTTP.</summary>
public sealed class ContainerBulkContractStore(string type, Uri url, string user, string password, params (string Key, string Value)[] extra) : ContainerContractStore
{
    private const string ElasticPassword = "contract-password";
    private const string OpenSearchPassword = "Contract-Pass1!";

    public static async Task<ContractStore> ElasticsearchAsync(ContractContainers containers)
    {
        string[] settings = [.. ElasticsearchContainerSettings.Environment.Select(e => $"{e.Key}={e.Value}"), $"ELASTIC_PASSWORD={ElasticPassword}"];
        var container = await containers.StartAsync(ContainerRuntime.Require(), ServerImages.Elasticsearch, 9200, settings,
            c => WaitAsync(c, c.Url, ElasticsearchContainerSettings.User, ElasticPassword));
        return new ContainerBulkContractStore(SinkTypes.Elasticsearch, container.Url, ElasticsearchContainerSettings.User, ElasticPassword);
    }

    public static async Task<ContractStore> OpenSearchAsync(ContractContainers containers)
    {
        string[] settings = ["discovery.type=single-node", $"{OpenSearchContainerSettings.PasswordVariable}={OpenSearchPassword}", "OPENSEARCH_JAVA_OPTS=-Xms512m -Xmx512m"];
        var container = await containers.StartAsync(ContainerRuntime.Require(), ServerImages.OpenSearch, 9200, settings,
            c => WaitAsync(c, Https(c.Url), OpenSearchContainerSettings.User, OpenSearchPassword));
        return new ContainerBulkContractStore(SinkTypes.OpenSearch, Https(container.Url), OpenSearchContainerSettings.User, OpenSearchPassword, ("skip_cert", "true"));
    }

    private static Uri Https(Uri url) => new UriBuilder(url) { Scheme = "https" }.Uri; // the security plugin's default

    private static Task WaitAsync(ServerContainer container, Uri url, string user, string password) =>
        container.WaitUntilAsync(async () =>
        {
            using var http = Client(user, password);
            return (await http.GetAsync(new Uri(url, "/_cluster/health"))).IsSuccessStatusCode;
        }, TimeSpan.FromMinutes(3));

    private static HttpClient Client(string user, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    public override string Type => type;
    public override string TargetKey => "index_name";
    public override string Secret => password;

    protected override IEnumerable<(string Key, string Value)> Settings(int? viaPort) =>
        [("url", viaPort is { } port ? new UriBuilder(url) { Port = port }.Uri.ToString() : url.ToString()), ("user", user), ("password", password), .. extra, (TargetKey, Target)];

    public override (IEnumerable<(string Key, string Value)> Settings, string Secret) Unreachable(int port) =>
        ([("url", new UriBuilder(url) { Port = port }.Uri.ToString()), ("user", user), ("password", password), .. extra], password);

    public override FaultProxy Proxy() => FaultProxy.ToServer(url);

    private async Task<JsonNode?> GetAsync(string path, HttpMethod? method = null)
    {
        using var http = Client(user, password);
        using var response = await http.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(url, path)), Ct);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)) : null;
    }

    public override async Task<IReadOnlySet<Guid>> StoredIdsAsync()
    {
        if (await GetAsync($"/{Target}/_refresh", HttpMethod.Post) is null) return new HashSet<Guid>();
        var hits = (await GetAsync($"/{Target}/_search?size=10000&_source=false"))!["hits"]!["hits"]!.AsArray();
        return hits.Select(h => Guid.Parse(h!["_id"]!.GetValue<string>())).ToHashSet();
    }

    public override async Task<StoredShape> ShapeAsync(Guid written)
    {
        var mapping = (await GetAsync($"/{Target}/_mapping"))![Target]!["mappings"];
        var document = (await GetAsync($"/{Target}/_doc/{written}"))?["_source"];
        return FakeBulkContractStore.MappedShape(mapping, document);
    }
}
