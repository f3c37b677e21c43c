using Emitter.Dashboard.Contract;
using Emitter.Dashboard.Streaming;
using Microsoft.Extensions.Options;

namespace Emitter.Dashboard.Ingest;

/// <summary>POST /bench: a running bench's snapshot, broadcast to every client as a bench frame. Answers 204 at once.</summary>
public static class BenchEndpoint
{
    /// <summary>Capacity rows in one snapshot (one per store and mode; far above any config).</summary>
    public const int MaxCapacityRows = 256;

    /// <summary>A store's or mode's name is a label on the page.</summary>
    public const int MaxNameLength = 200;

    public static async Task<IResult> HandleAsync(HttpContext http, ClientHub hub, OriginCheck origins, IOptions<DashboardOptions> options)
    {
        var (snapshot, refusal) = await GatedJsonBody.ReadAsync(http, origins, options, options.Value.MaxBenchBytes, BenchJson.Default.BenchSnapshot, "a bench snapshot");
        if (refusal is not null) return refusal;
        if (snapshot is null) return GatedJsonBody.BadRequest("not a bench snapshot: null");
        if (Problem(snapshot) is { } problem) return GatedJsonBody.BadRequest($"not a bench snapshot: {problem}");

        hub.PublishBench(snapshot);
        return Results.NoContent();
    }

    /// <summary>What the page reads without checking: every list and its items present (a null would break the page).</summary>
    internal static string? Problem(BenchSnapshot snapshot)
    {
        if (snapshot.Phase is null) return "'phase' is required";
        if (snapshot.Stores is null) return "'stores' is required";
        if (snapshot.Phases is null) return "'phases' is required";
        var phase = snapshot.Phases.ToList().FindIndex(p => p is null);
        if (phase >= 0) return $"phases[{phase}] is null";
        for (var i = 0; i < snapshot.Stores.Count; i++)
        {
            var problem = snapshot.Stores[i] switch
            {
                null => " is null",
                { Store: null } => ".store is missing",
                { Mode: null } => ".mode is missing",
                _ => null,
            };
            if (problem is not null) return $"stores[{i}]{problem}";
        }
        if (snapshot.CapacityTarget is { } target)
        {
            if (!(target.SloP99Ms > 0 && double.IsFinite(target.SloP99Ms))) return $"capacity_target.slo_p99_ms must be a positive number, got {target.SloP99Ms}";
            if (target.MaxErrorRate is not (>= 0 and <= 1)) return $"capacity_target.max_error_rate must be 0 to 1, got {target.MaxErrorRate}";
        }
        if (snapshot.Capacity is not { } capacity) return null;
        if (capacity.Count > MaxCapacityRows) return $"capacity has {capacity.Count} rows, at most {MaxCapacityRows} are taken";
        for (var i = 0; i < capacity.Count; i++)
        {
            if (Problem(capacity[i]) is { } problem) return $"capacity[{i}]{problem}";
        }
        return null;
    }

    /// <summary>What the page draws of a capacity row: names present and short, counts and rates within their range.</summary>
    private static string? Problem(BenchCapacityFigures? row) => row switch
    {
        null => " is null",
        { Store: null or "" } => ".store is missing",
        { Mode: null or "" } => ".mode is missing",
        { Phase: null } => ".phase is missing",
        { Store.Length: > MaxNameLength } or { Mode.Length: > MaxNameLength } or { Phase.Length: > MaxNameLength } => $": store, mode and phase are at most {MaxNameLength} characters",
        { Steps: < 1 } => $".steps must be at least 1, got {row.Steps}",
        { Queries: < 0 } => $".queries must not be negative, got {row.Queries}",
        _ when !NonNegative(row.Qps) => $".qps must be a number of at least 0, got {row.Qps}",
        _ when !NonNegative(row.P99Ms) => $".p99_ms must be a number of at least 0, got {row.P99Ms}",
        { ErrorRate: not (>= 0 and <= 1) } => $".error_rate must be 0 to 1, got {row.ErrorRate}",
        { BestQps: { } best } when !NonNegative(best) => $".best_qps must be null or at least 0, got {best}",
        { MaxQpsAtSlo: { } max } when !NonNegative(max) => $".max_qps_at_slo must be null or at least 0, got {max}",
        { Done: true, MaxQpsAtSlo: null } => ".max_qps_at_slo is required when done",
        _ => null,
    };

    private static bool NonNegative(double value) => value >= 0 && double.IsFinite(value);
}
