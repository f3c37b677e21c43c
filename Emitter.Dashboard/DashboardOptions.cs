namespace Emitter.Dashboard;

/// <summary>
/// The dashboard's settings (configuration section "Dashboard"). Every one bounds memory or time:
/// whatever senders and browsers do, the dashboard holds at most about
/// <see cref="ClientQueueBytes"/> of frames (frames are shared by all clients) plus
/// <see cref="MaxConcurrentPosts"/> bodies of <see cref="MaxIngestBytes"/>.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Bytes of frames each browser client may have waiting; beyond it the oldest are dropped and counted (the client is told).</summary>
    public long ClientQueueBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Browser clients at once; one more is answered 503.</summary>
    public int MaxClients { get; set; } = 64;

    /// <summary>
    /// How long one frame may take to reach a client; a client that does not take it in time (it
    /// stopped reading) is dropped, having been told what it missed while it still read.
    /// </summary>
    public double SendTimeoutSecs { get; set; } = 10;

    /// <summary>Largest /ingest body; a larger one is answered 413 (the generator's dashboard sink splits a larger batch into posts under its max_body_bytes, this by default).</summary>
    public long MaxIngestBytes { get; set; } = Contract.IngestJson.DefaultMaxBytes;

    /// <summary>Largest /bench body (a snapshot is a few KB); a larger one is answered 413.</summary>
    public long MaxBenchBytes { get; set; } = 1024 * 1024;

    /// <summary>POSTs read at once; more wait in line (up to 64), beyond that 503. Bounds the bodies held at once.</summary>
    public int MaxConcurrentPosts { get; set; } = 4;

    /// <summary>
    /// When set, /ingest and /bench take only requests with <c>Authorization: Bearer</c> this token
    /// (401 otherwise): the app host generates one and gives it to the generator, so another local
    /// process cannot write to the page.
    /// </summary>
    public string? IngestToken { get; set; }

    /// <summary>Newest entries kept and sent to each browser client when it connects (the page keeps 500); 0 sends the totals only.</summary>
    public int BacklogEntries { get; set; } = 500;

    /// <summary>
    /// Distinct service names tracked (counts, and the page's service list); a batch bringing one
    /// more is refused with 400, so a misbehaving sender cannot grow them without bound.
    /// </summary>
    public int MaxServices { get; set; } = 256;

    /// <summary>Origins, besides the dashboard's own, whose pages may open /ws or post to /ingest (e.g. "http://localhost:5173").</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Every limit must be a positive, finite number: a bad one stops the dashboard at start with the key named.</summary>
    public static string? Problem(DashboardOptions o) =>
        o.ClientQueueBytes < 1024 ? $"{Section}:ClientQueueBytes must be at least 1024, got {o.ClientQueueBytes}"
        : o.MaxClients < 1 ? $"{Section}:MaxClients must be at least 1, got {o.MaxClients}"
        : !(o.SendTimeoutSecs is > 0 and <= 3600) ? $"{Section}:SendTimeoutSecs must be more than 0 and at most 3600, got {o.SendTimeoutSecs}"
        : o.MaxIngestBytes < 1024 ? $"{Section}:MaxIngestBytes must be at least 1024, got {o.MaxIngestBytes}"
        : o.MaxBenchBytes < 1024 ? $"{Section}:MaxBenchBytes must be at least 1024, got {o.MaxBenchBytes}"
        : o.MaxConcurrentPosts < 1 ? $"{Section}:MaxConcurrentPosts must be at least 1, got {o.MaxConcurrentPosts}"
        : o.BacklogEntries is < 0 or > 100_000 ? $"{Section}:BacklogEntries must be 0 to 100000, got {o.BacklogEntries}"
        : o.MaxServices < 1 ? $"{Section}:MaxServices must be at least 1, got {o.MaxServices}"
        : null;
}

/// <summary>Checks <see cref="DashboardOptions"/> at start (ValidateOnStart), naming the key.</summary>
internal sealed class DashboardOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<DashboardOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, DashboardOptions options) =>
        DashboardOptions.Problem(options) is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
