using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>
/// A Qdrant sink's settings, checked: <c>url</c>, <c>api_key</c>, <c>collection_name</c>, or
/// <c>connection_string</c> as an Aspire app host injects it (<c>Endpoint=...;Key=...</c>).
/// Not a record: its printed form must not show the API key.
/// </summary>
public sealed class QdrantSinkOptions
{
    public const string DefaultCollection = "logs";
    public const int DefaultBatchSize = 256;
    public const int DefaultMaxInFlight = 4;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static readonly SinkKeys Keys = new();
    private static readonly string UrlKey = Keys.Add("url");
    private static readonly string ConnectionStringKey = Keys.Add("connection_string");
    private static readonly string ApiKeyKey = Keys.Add("api_key");
    private static readonly string CollectionKey = Keys.Add("collection_name");
    private static readonly string BatchSizeKey = Keys.Add("batch_size");
    private static readonly string MaxInFlightKey = Keys.Add("max_in_flight");
    private static readonly string WaitKey = Keys.Add("wait");
    private static readonly string TimeoutKey = Keys.Add("timeout_secs");
    private static readonly string IndexModeKey = Keys.Add(Configuration.IndexModes.Key);

    /// <summary>The gRPC address (port 6334 on a stock server).</summary>
    public required Uri Endpoint { get; init; }

    public string? ApiKey { get; init; }
    public string Collection { get; init; } = DefaultCollection;

    /// <summary>Points per upsert request.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Upsert requests in flight at once.</summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <summary>Whether an upsert waits until the points are applied (true) or only queued by the server.</summary>
    public bool Wait { get; init; } = true;

    /// <summary>Deadline of each gRPC call.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public static QdrantSinkOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys(Keys);
        var (endpoint, key) = Address(settings);
        if (settings.Has(ApiKeyKey) && key is not null)
            throw settings.Error(ApiKeyKey, "the connection string already has a Key: give one or the other");
        key = settings.Secret(ApiKeyKey, "leave it out for a server without a key") ?? key;

        var collection = settings.String(CollectionKey, DefaultCollection)!.Trim();
        if (collection.Length == 0 || collection.Any(c => c is '/' or '\\' or '?' or '#' || char.IsWhiteSpace(c) || char.IsControl(c)))
            throw settings.Error(CollectionKey, $"{settings.Shown(CollectionKey)} is not a usable collection name (no spaces, slashes or control characters)");

        return new QdrantSinkOptions
        {
            Endpoint = endpoint,
            ApiKey = key,
            Collection = collection,
            BatchSize = settings.Int(BatchSizeKey, DefaultBatchSize, min: 1),
            MaxInFlight = settings.Int(MaxInFlightKey, DefaultMaxInFlight, min: 1),
            Wait = settings.Bool(WaitKey, true),
            Timeout = settings.Timeout(TimeoutKey, DefaultTimeout, TimeUnit.Seconds),
            IndexMode = Configuration.IndexModes.Read(settings),
        };
    }

    private static (Uri Endpoint, string? Key) Address(SinkSettings settings)
    {
        const string example = "http://localhost:6334 (the gRPC port)";
        var (key, text) = settings.UrlOrConnectionString(example);
        if (key == ConnectionStringKey)
        {
            var (endpoint, apiKey, problem) = QdrantConnectionString.Parse(text);
            return endpoint is null ? throw settings.Error(key, problem!) : (endpoint, apiKey);
        }

        var uri = settings.HttpUrl(UrlKey, example)!;
        if (uri.UserInfo.Length > 0) throw settings.Error(UrlKey, "must not carry user information: give the key as api_key");
        return (uri, null);
    }

    /// <summary>What the collection holds: dense vectors, BM25 or both (<c>index_mode</c>).</summary>
    public Configuration.IndexMode IndexMode { get; init; } = Configuration.IndexMode.Hybrid;

    public override string ToString() => $"qdrant {SinkUrls.Redact(Endpoint)} collection {Collection}";
}
