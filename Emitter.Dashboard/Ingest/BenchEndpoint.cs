using Emitter.Dashboard.Contract;
using Emitter.Dashboard.Streaming;
using Microsoft.Extensions.Options;

namespace Emitter.Dashboard.Ingest;

/// <summary>POST /bench: a running bench's snapshot, broadcast to every client as a bench frame. Answers 204 at once.</summary>
public static class BenchEndpoint
{
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
        return null;
    }
}
