using Emitter.Generator.Configuration;

namespace Emitter.Generator.Stores.Bulk;

/// <summary>
/// What the <c>_bulk</c> stores (Elasticsearch, OpenSearch: the same protocol) bind alike, after
/// each checked its own keys: address and credentials (<c>url</c> or <c>connection_string</c>,
/// <c>user</c>, <c>password</c>, <c>api_key</c>), <c>index_name</c>, bulk sizes, timeout and
/// <c>index_mode</c>. A key a store does not accept is absent and takes its default. Not a record:
/// its printed form must not show secrets.
/// </summary>
public sealed class BulkOptions
{
    public const string DefaultIndex = "logs";
    public const int DefaultBulkMaxBytes = 5 * 1024 * 1024;
    public const int DefaultMaxInFlight = 3;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public const string UrlKey = "url";
    public const string ConnectionStringKey = "connection_string";
    public const string UserKey = "user";
    public const string PasswordKey = "password";
    public const string ApiKeyKey = "api_key";
    public const string IndexKey = "index_name";
    public const string BulkMaxBytesKey = "bulk_max_bytes";
    public const string MaxInFlightKey = "max_in_flight";
    public const string TimeoutKey = "timeout_secs";

    /// <summary>The server address, without user information.</summary>
    public required Uri Url { get; init; }

    public string? User { get; init; }
    public string? Password { get; init; }
    public string? ApiKey { get; init; }
    public string Index { get; init; } = DefaultIndex;
    public int BulkMaxBytes { get; init; } = DefaultBulkMaxBytes;
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
    public IndexMode IndexMode { get; init; } = IndexMode.Hybrid;

    /// <summary>Binds the shared keys of <paramref name="settings"/>, whose keys the store has already checked.</summary>
    public static BulkOptions Bind(SinkSettings settings)
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

        return new BulkOptions
        {
            Url = new UriBuilder(uri) { UserName = "", Password = "" }.Uri,
            User = user,
            Password = password,
            ApiKey = apiKey,
            Index = index,
            BulkMaxBytes = settings.Int(BulkMaxBytesKey, DefaultBulkMaxBytes, min: 1024),
            MaxInFlight = settings.Int(MaxInFlightKey, DefaultMaxInFlight, min: 1),
            Timeout = settings.Timeout(TimeoutKey, DefaultTimeout, TimeUnit.Seconds),
            IndexMode = IndexModes.Read(settings),
        };
    }

    private static bool ValidIndexName(string name) =>
        name.Length is > 0 and <= 255 && name != "." && name != ".." && name == name.ToLowerInvariant()
        && !name.StartsWith('-') && !name.StartsWith('_') && !name.StartsWith('+')
        && name.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && "\\/*?\"<>|,#:".IndexOf(c) < 0);
}
