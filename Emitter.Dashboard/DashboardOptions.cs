namespace Emitter.Dashboard;

/// <summary>The dashboard's settings (configuration section "Dashboard").</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Flushes (WebSocket frames) each browser client may have waiting; beyond it the oldest are dropped and counted.</summary>
    public int ClientQueueFrames { get; set; } = 64;

    /// <summary>Newest entries kept and sent to each browser client when it connects (the page keeps 500); 0 sends the totals only.</summary>
    public int BacklogEntries { get; set; } = 500;

    /// <summary>
    /// Distinct service names tracked (counts, and the page's service list); a batch bringing one
    /// more is refused with 400, so a misbehaving sender cannot grow them without bound.
    /// </summary>
    public int MaxServices { get; set; } = 256;

    /// <summary>Origins, besides the dashboard's own, whose pages may open /ws or post to /ingest (e.g. "http://localhost:5173").</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
