using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>
/// An Elasticsearch sink's settings, checked: <c>url</c>, <c>user</c>, <c>password</c> |
/// <c>api_key</c>, <c>index_name</c>, or <c>connection_string</c> as an Aspire app host injects
/// it (<c>http://user:password@host:port</c>). Not a record: its printed form must not show secrets.
/// </summary>
public sealed class ElasticsearchSinkOptions
{
    public const string DefaultIndex = "logs";
    public const int DefaultBulkMaxBytes = 5 * 1024 * 1024;
    public const int DefaultMaxInFlight = 3;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static readonly SinkKeys Keys = new();
    private static readonly string UrlKey = Keys.Add("url");
    private static readonly string ConnectionStringKey = Keys.Add("connection_string");
    private static readonly string UserKey = Keys.Add("user");
    private static readonly string PasswordKey = Keys.Add("password");
    private static readonly string ApiKeyKey = Keys.Add("api_key");
    private static readonly string IndexKey = Keys.Add("index_name");
    private static readonly string BulkMaxBytesKey = Keys.Add("bulk_max_bytes");
    private static readonly string MaxInFlightKey = Keys.Add("max_in_flight");
    private static readonly string IndexOptionsKey = Keys.Add("index_options");
    private static readonly string TimeoutKey = Keys.Add("timeout_secs");
    private static readonly string IndexModeKey = Keys.Add(IndexModes.Key);

    /// <summary>The server address, without user information.</summary>
    public required Uri Url { get; init; }

    public string? User { get; init; }
    public string? Password { get; init; }
    public string? ApiKey { get; init; }
    public string Index { get; init; } = DefaultIndex;

    /// <summary>Upper bound of one <c>_bulk</c> body; a batch larger than this goes as several requests.</summary>
    public int BulkMaxBytes { get; init; } = DefaultBulkMaxBytes;

    /// <summary><c>_bulk</c> requests in flight at once.</summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <summary>The dense_vector index_options type; hnsw as the original (Elasticsearch 9's own default quantises).</summary>
    public DenseVectorIndexOptionsType IndexOptions { get; init; } = DenseVectorIndexOptionsType.Hnsw;

    /// <summary>The config error for an index_options type the run's dimensions rule out (file:line: key when read from a file).</summary>
    public Func<string, ConfigException> IndexOptionsRefusal { get; init; } = problem => new ConfigException($"index_options: {problem}");

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>What the index holds: vectors, text or both (<c>index_mode</c>).</summary>
    public IndexMode IndexMode { get; init; } = IndexMode.Hybrid;

    public static ElasticsearchSinkOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys(Keys);
        return BindAfterKeyCheck(settings);
    }

    /// <summary>
    /// The binding itself, for a sink of the same protocol (OpenSearch) that checked its own keys
    /// first: what it does not accept (api_key, index_options) is then absent and takes its default.
    /// </summary>
    internal static ElasticsearchSinkOptions BindAfterKeyCheck(SinkSettings settings)
    {
        var (key, _) = settings.UrlOrConnectionString("http://localhost:9200");
        var uri = settings.HttpUrl(key, "http://localhost:9200")!;
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            if (settings.Has(UserKey) || settings.Has(PasswordKey))
                throw settings.Error(key, "carries user information and user/password are set too: give one or the other");
            var colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        user = settings.String(UserKey, user);
        password = settings.Secret(PasswordKey, "give the user's password, or leave user and password out") ?? password;
        var apiKey = settings.Secret(ApiKeyKey, "leave it out for a server without security");

        if (apiKey is not null && (user is not null || password is not null))
            throw settings.Error(ApiKeyKey, "give either api_key or user and password, not both");
        if (user is not null && string.IsNullOrEmpty(password)) throw settings.Error(PasswordKey, $"is required with user '{user}'");
        if (password is not null && string.IsNullOrEmpty(user)) throw settings.Error(UserKey, "is required with a password");

        var index = settings.String(IndexKey, DefaultIndex)!.Trim();
        if (!ValidIndexName(index))
            throw settings.Error(IndexKey, $"{settings.Shown(IndexKey)} is not a valid index name (lowercase; no spaces, \\ / * ? \" < > | , # :; not starting with - _ +)");

        return new ElasticsearchSinkOptions
        {
            Url = new UriBuilder(uri) { UserName = "", Password = "" }.Uri,
            User = user,
            Password = password,
            ApiKey = apiKey,
            Index = index,
            BulkMaxBytes = settings.Int(BulkMaxBytesKey, DefaultBulkMaxBytes, min: 1024),
            MaxInFlight = settings.Int(MaxInFlightKey, DefaultMaxInFlight, min: 1),
            IndexOptions = settings.Choice(IndexOptionsKey, ElasticsearchIndexOptions.Types, DenseVectorIndexOptionsType.Hnsw),
            IndexOptionsRefusal = problem => settings.Error(IndexOptionsKey, problem),
            Timeout = settings.Timeout(TimeoutKey, DefaultTimeout, TimeUnit.Seconds),
            IndexMode = IndexModes.Read(settings),
        };
    }

    private static bool ValidIndexName(string name) =>
        name.Length is > 0 and <= 255 && name != "." && name != ".." && name == name.ToLowerInvariant()
        && !name.StartsWith('-') && !name.StartsWith('_') && !name.StartsWith('+')
        && name.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && "\\/*?\"<>|,#:".IndexOf(c) < 0);

    public override string ToString() => $"elasticsearch {Url} index {Index}";
}
