namespace Emitter.Dashboard;

/// <summary>The dashboard's settings (configuration section "Dashboard").</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Flushes (WebSocket frames) each browser client may have waiting; beyond it the oldest are dropped and counted.</summary>
    public int ClientQueueFrames { get; set; } = 64;

    /// <summary>Origins, besides the dashboard's own, whose pages may open /ws or post to /ingest (e.g. "http://localhost:5173").</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
