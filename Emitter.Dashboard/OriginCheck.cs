using Microsoft.Extensions.Options;

namespace Emitter.Dashboard;

/// <summary>
/// Browsers send Origin on WebSocket handshakes and cross-site POSTs; only the dashboard's own
/// pages (and configured origins) may use /ws and /ingest, so another site open in the same
/// browser cannot read the stream or inject entries. Requests without Origin (the generator,
/// scripts) are not from a page and pass.
/// </summary>
public sealed class OriginCheck(IOptions<DashboardOptions> options)
{
    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        if (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)) return true;
        return options.Value.AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
