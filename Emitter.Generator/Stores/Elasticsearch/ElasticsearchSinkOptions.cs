using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>
/// An Elasticsearch sink's settings, checked: <c>url</c>, <c>user</c>, <c>password</c> |
/// <c>api_key</c>, <c>index_name</c>, or <c>connection_string</c> as an Aspire app host injects
/// it (<c>http://user:password@host:port</c>). Not a record: its printed form must not show secrets.
/// </summary>
public sealed class ElasticsearchSinkOptions
{
    public const string DefaultIndex = BulkOptions.DefaultIndex;
    public const int DefaultBulkMaxBytes = BulkOptions.DefaultBulkMaxBytes;
    public const int DefaultMaxInFlight = BulkOptions.DefaultMaxInFlight;
    public static readonly TimeSpan DefaultTimeout = BulkOptions.DefaultTimeout;

    public static readonly SinkKeys Keys = new();
    private static readonly string UrlKey = Keys.Add(BulkOptions.UrlKey);
    private static readonly string ConnectionStringKey = Keys.Add(BulkOptions.ConnectionStringKey);
    private static readonly string UserKey = Keys.Add(BulkOptions.UserKey);
    private static readonly string PasswordKey = Keys.Add(BulkOptions.PasswordKey);
    private static readonly string ApiKeyKey = Keys.Add(BulkOptions.ApiKeyKey);
    private static readonly string IndexKey = Keys.Add(BulkOptions.IndexKey);
    private static readonly string BulkMaxBytesKey = Keys.Add(BulkOptions.BulkMaxBytesKey);
    private static readonly string MaxInFlightKey = Keys.Add(BulkOptions.MaxInFlightKey);
    private static readonly string IndexOptionsKey = Keys.Add("index_options");
    private static readonly string TimeoutKey = Keys.Add(BulkOptions.TimeoutKey);
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
        var shared = BulkOptions.Bind(settings);
        return new ElasticsearchSinkOptions
        {
            Url = shared.Url,
            User = shared.User,
            Password = shared.Password,
            ApiKey = shared.ApiKey,
            Index = shared.Index,
            BulkMaxBytes = shared.BulkMaxBytes,
            MaxInFlight = shared.MaxInFlight,
            IndexOptions = settings.Choice(IndexOptionsKey, ElasticsearchIndexOptions.Types, DenseVectorIndexOptionsType.Hnsw),
            IndexOptionsRefusal = problem => settings.Error(IndexOptionsKey, problem),
            Timeout = shared.Timeout,
            IndexMode = shared.IndexMode,
        };
    }

    public override string ToString() => $"elasticsearch {Url} index {Index}";
}
