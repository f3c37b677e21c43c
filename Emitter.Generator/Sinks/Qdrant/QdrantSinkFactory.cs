using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Qdrant;

/// <summary>
/// <c>{type: qdrant, url, api_key, collection_name}</c>, or <c>connection_string</c> as an
/// Aspire app host injects it (<c>Endpoint=...;Key=...</c>).
/// </summary>
public sealed class QdrantSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Qdrant;

    public IReadOnlyCollection<string> Keys { get; } =
        ["url", "api_key", "collection_name", "connection_string", "batch_size", "max_in_flight", "wait", "timeout_secs", IndexModes.Key];

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        new QdrantSink(config.Name, Read(config.Settings), services.Time, services.Loggers);

    public static QdrantSinkOptions Read(SinkSettings settings)
    {
        var (endpoint, key) = Address(settings);
        if (settings.String("api_key") is { } apiKey)
        {
            if (key is not null) throw settings.Error("api_key", "the connection string already has a Key: give one or the other");
            key = apiKey.Length > 0 ? apiKey : throw settings.Error("api_key", "is empty (leave it out for a server without a key)");
        }

        var collection = settings.String("collection_name", QdrantSinkOptions.DefaultCollection)!.Trim();
        if (collection.Length == 0 || collection.Any(c => c is '/' or '\\' or '?' or '#' || char.IsWhiteSpace(c) || char.IsControl(c)))
            throw settings.Error("collection_name", $"'{collection}' is not a usable collection name (no spaces, slashes or control characters)");

        return new QdrantSinkOptions
        {
            Endpoint = endpoint,
            ApiKey = key,
            Collection = collection,
            BatchSize = settings.Int("batch_size", QdrantSinkOptions.DefaultBatchSize, min: 1),
            MaxInFlight = settings.Int("max_in_flight", QdrantSinkOptions.DefaultMaxInFlight, min: 1),
            Wait = settings.Bool("wait", true),
            Timeout = TimeSpan.FromSeconds(settings.Int("timeout_secs", 30, min: 1)),
            IndexMode = IndexModes.Read(settings),
        };
    }

    private static (Uri Endpoint, string? Key) Address(SinkSettings settings)
    {
        var url = settings.String("url");
        var connection = settings.String("connection_string");
        if (url is not null && connection is not null)
            throw settings.Error("connection_string", "give either url or connection_string, not both");
        if (connection is not null)
        {
            var (endpoint, key, problem) = QdrantConnectionString.Parse(connection);
            return endpoint is null ? throw settings.Error("connection_string", problem!) : (endpoint, key);
        }

        if (url is null) throw settings.Error("url", "is required: the gRPC address, e.g. http://localhost:6334");
        var uri = SinkUrls.TryParse(url) ?? throw settings.Error("url", $"expected an http(s) address such as http://localhost:6334, got {SinkUrls.Quote(url)}");
        if (uri.UserInfo.Length > 0) throw settings.Error("url", "must not carry user information: give the key as api_key");
        return (uri, null);
    }
}
