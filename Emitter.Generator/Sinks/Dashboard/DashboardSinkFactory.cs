using System.Globalization;
using Emitter.Generator.Configuration;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.Dashboard;

/// <summary>
/// <c>{type: dashboard, url}</c>; the original's <c>port: 3000</c> means http://localhost:3000.
/// Under an app host the loader injects the discovered address as <c>url</c>.
/// </summary>
public sealed class DashboardSinkFactory : ISinkFactory
{
    public const string DefaultUrl = "http://localhost:3000";
    public const int DefaultTimeoutMs = 3000; // a cold dashboard (JIT, first connections) can need over a second for its first batch

    public string Type => SinkTypes.Dashboard;
    public IReadOnlyCollection<string> Keys { get; } = ["url", "port", "timeout_ms"];

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        var settings = config.Settings;
        if (settings.Has("url") && settings.Has("port"))
            throw settings.Error("port", "give either url or port, not both (port 3000 means url http://localhost:3000)");

        var url = settings.String("url")?.Trim() ?? DefaultUrl;
        if (settings.Has("port"))
        {
            var port = settings.Int("port", 3000, min: 1);
            if (port > 65535) throw settings.Error("port", $"must be at most 65535, got {port}");
            url = string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            throw settings.Error("url", $"expected an http:// or https:// address, got {SinkUrls.Quote(url)}");

        var timeout = TimeSpan.FromMilliseconds(settings.Int("timeout_ms", DefaultTimeoutMs, min: 1));
        return new DashboardSink(config.Name, address, timeout, services.Loggers.CreateLogger("Emitter.Sinks.Dashboard"));
    }
}
