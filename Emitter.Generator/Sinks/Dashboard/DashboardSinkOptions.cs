using System.Globalization;
using Emitter.Dashboard.Contract;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Dashboard;

/// <summary>
/// A dashboard sink's settings, checked: <c>url</c>, or the original's <c>port: 3000</c> meaning
/// http://localhost:3000. Under an app host the loader injects the discovered address as <c>url</c>.
/// </summary>
/// <param name="Token">The dashboard's ingest token (its Dashboard:IngestToken), sent as a bearer token; an app host sets both.</param>
/// <param name="MaxBodyBytes">The dashboard's cap on an /ingest body (its Dashboard:MaxIngestBytes): a batch whose JSON is larger goes in several posts under it.</param>
public sealed record DashboardSinkOptions(Uri Url, TimeSpan Timeout, string? Token = null, int MaxBodyBytes = IngestJson.DefaultMaxBytes)
{
    public const string DefaultUrl = "http://localhost:3000";

    // A cold dashboard (JIT, first connections) can need over a second for its first batch.
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(3000);

    public static readonly SinkKeys Keys = new();
    private static readonly string UrlKey = Keys.Add("url");
    private static readonly string PortKey = Keys.Add("port");
    private static readonly string TimeoutKey = Keys.Add("timeout_ms");
    public static readonly string TokenKey = Keys.Add("token");
    private static readonly string MaxBodyBytesKey = Keys.Add("max_body_bytes");

    /// <summary>The dashboard refuses a cap below this (DashboardOptions' check).</summary>
    private const int MinBodyBytes = 1024;

    public static DashboardSinkOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys(Keys);
        settings.NotBoth([UrlKey], [PortKey], "port 3000 means url http://localhost:3000");
        var url = settings.HttpUrl(UrlKey, DefaultUrl)
            ?? new Uri(settings.Has(PortKey) ? string.Create(CultureInfo.InvariantCulture, $"http://localhost:{settings.Port(PortKey, 3000)}") : DefaultUrl);
        return new DashboardSinkOptions(url, settings.Timeout(TimeoutKey, DefaultTimeout, TimeUnit.Milliseconds),
            settings.Has(TokenKey) ? settings.Secret(TokenKey, "the dashboard's ingest token, or leave token out") : null,
            settings.Int(MaxBodyBytesKey, IngestJson.DefaultMaxBytes, min: MinBodyBytes));
    }

    // Not the record's generated form: the address may carry user information.
    public override string ToString() => $"dashboard {SinkUrls.Redact(Url)}";
}
