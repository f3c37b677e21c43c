using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Elasticsearch;

/// <summary>
/// <c>{type: elasticsearch, url, user, password | api_key, index_name}</c>, or
/// <c>connection_string</c> as an Aspire app host injects it (<c>http://user:password@host:port</c>).
/// </summary>
public sealed class ElasticsearchSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Elasticsearch;

    public IReadOnlyCollection<string> Keys { get; } =
        ["url", "user", "password", "api_key", "index_name", "connection_string", "bulk_max_bytes", "max_in_flight", "index_options", "timeout_secs", IndexModes.Key];

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        var options = Read(config.Settings);
        // Refused with the config's line before anything is embedded or written; the sink checks again with the pool's own dimensions.
        if (options.IndexMode.HasVectors() && services.EmbeddingDimensions is { } dimensions && ElasticsearchIndexOptions.Problem(options.IndexOptions, dimensions) is { } problem)
            throw options.IndexOptionsRefusal(problem);
        return new ElasticsearchSink(config.Name, options, services.Time, services.Loggers);
    }

    public static ElasticsearchSinkOptions Read(SinkSettings settings)
    {
        var (key, uri) = Address(settings);
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            if (settings.Has("user") || settings.Has("password"))
                throw settings.Error(key, "carries user information and user/password are set too: give one or the other");
            var colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        user = settings.String("user", user);
        password = settings.String("password", password);
        var apiKey = settings.String("api_key");

        if (apiKey is not null && (user is not null || password is not null))
            throw settings.Error("api_key", "give either api_key or user and password, not both");
        if (apiKey is { Length: 0 }) throw settings.Error("api_key", "is empty (leave it out for a server without security)");
        if (user is not null && string.IsNullOrEmpty(password)) throw settings.Error("password", $"is required with user '{user}'");
        if (password is not null && string.IsNullOrEmpty(user)) throw settings.Error("user", "is required with a password");

        var index = settings.String("index_name", ElasticsearchSinkOptions.DefaultIndex)!.Trim();
        if (!ValidIndexName(index))
            throw settings.Error("index_name", $"'{index}' is not a valid index name (lowercase; no spaces, \\ / * ? \" < > | , # :; not starting with - _ +)");

        return new ElasticsearchSinkOptions
        {
            Url = new UriBuilder(uri) { UserName = "", Password = "" }.Uri,
            User = user,
            Password = password,
            ApiKey = apiKey,
            Index = index,
            BulkMaxBytes = settings.Int("bulk_max_bytes", ElasticsearchSinkOptions.DefaultBulkMaxBytes, min: 1024),
            MaxInFlight = settings.Int("max_in_flight", ElasticsearchSinkOptions.DefaultMaxInFlight, min: 1),
            IndexOptions = IndexOptionsType(settings),
            IndexOptionsRefusal = problem => settings.Error("index_options", problem),
            Timeout = TimeSpan.FromSeconds(settings.Int("timeout_secs", 60, min: 1)),
            IndexMode = IndexModes.Read(settings),
        };
    }

    private static (string Key, Uri Uri) Address(SinkSettings settings)
    {
        if (settings.Has("url") && settings.Has("connection_string"))
            throw settings.Error("connection_string", "give either url or connection_string, not both");
        var key = settings.Has("connection_string") ? "connection_string" : "url";
        var text = settings.String(key) ?? throw settings.Error("url", "is required, e.g. http://localhost:9200");
        var uri = SinkUrls.TryParse(text) ?? throw settings.Error(key, $"expected an http(s) address such as http://localhost:9200, got {SinkUrls.Quote(text)}");
        return (key, uri);
    }

    private static DenseVectorIndexOptionsType IndexOptionsType(SinkSettings settings)
    {
        var text = settings.String("index_options", "hnsw")!.Trim();
        return ElasticsearchIndexOptions.Types.TryGetValue(text, out var type)
            ? type
            : throw settings.Error("index_options", $"unknown type '{text}' (expected one of: {string.Join(", ", ElasticsearchIndexOptions.Types.Keys)})");
    }

    private static bool ValidIndexName(string name) =>
        name.Length is > 0 and <= 255 && name != "." && name != ".." && name == name.ToLowerInvariant()
        && !name.StartsWith('-') && !name.StartsWith('_') && !name.StartsWith('+')
        && name.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && "\\/*?\"<>|,#:".IndexOf(c) < 0);
}
