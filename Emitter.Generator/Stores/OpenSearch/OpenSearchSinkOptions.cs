using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>
/// An OpenSearch sink's settings, checked: <c>url</c>, <c>user</c>, <c>password</c>,
/// <c>index_name</c>, <c>index_mode</c>, <c>skip_cert</c> as logstorm 0.3 has them, or
/// <c>connection_string</c> as an Aspire app host injects it (<c>https://user:password@host:port</c>).
/// Address, credentials, index name and bulk sizes are bound as every <c>_bulk</c> store's
/// (<see cref="BulkOptions"/>). Not a record: its printed form must not show the password.
/// </summary>
public sealed class OpenSearchSinkOptions
{
    public static readonly SinkKeys Keys = new();
    private static readonly string[] Shared =
    [
        Keys.Add(BulkOptions.UrlKey), Keys.Add(BulkOptions.ConnectionStringKey), Keys.Add(BulkOptions.UserKey), Keys.Add(BulkOptions.PasswordKey), Keys.Add(BulkOptions.IndexKey),
        Keys.Add(BulkOptions.BulkMaxBytesKey), Keys.Add(BulkOptions.MaxInFlightKey), Keys.Add(BulkOptions.TimeoutKey), Keys.Add(IndexModes.Key),
    ];
    private static readonly string SkipCertKey = Keys.Add("skip_cert");

    /// <summary>The server address, without user information.</summary>
    public required Uri Url { get; init; }

    public string? User { get; init; }
    public string? Password { get; init; }
    public string Index { get; init; } = BulkOptions.DefaultIndex;
    public IndexMode IndexMode { get; init; } = IndexMode.Hybrid;

    /// <summary>Accept any TLS certificate (the security plugin's demo certificate is self-signed). Off unless set.</summary>
    public bool SkipCert { get; init; }

    public int BulkMaxBytes { get; init; } = BulkOptions.DefaultBulkMaxBytes;
    public int MaxInFlight { get; init; } = BulkOptions.DefaultMaxInFlight;
    public TimeSpan Timeout { get; init; } = BulkOptions.DefaultTimeout;

    public static OpenSearchSinkOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys(Keys);
        var shared = BulkOptions.Bind(settings);
        return new OpenSearchSinkOptions
        {
            Url = shared.Url,
            User = shared.User,
            Password = shared.Password,
            Index = shared.Index,
            BulkMaxBytes = shared.BulkMaxBytes,
            MaxInFlight = shared.MaxInFlight,
            Timeout = shared.Timeout,
            IndexMode = shared.IndexMode,
            SkipCert = settings.Bool(SkipCertKey, false),
        };
    }

    public override string ToString() => $"opensearch {Url} index {Index}";
}
