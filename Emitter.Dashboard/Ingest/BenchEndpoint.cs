using Emitter.Dashboard.Contract;
using Emitter.Dashboard.Streaming;

namespace Emitter.Dashboard.Ingest;

/// <summary>POST /bench: a running bench's snapshot, broadcast to every client as a bench frame. Answers 204 at once.</summary>
public static class BenchEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientHub hub, OriginCheck origins)
    {
        var (snapshot, refusal) = await GatedJsonBody.ReadAsync(http, origins, BenchJson.Default.BenchSnapshot, "a bench snapshot");
        if (refusal is not null) return refusal;
        if (snapshot?.Stores is null || snapshot.Phase is null) return GatedJsonBody.BadRequest("not a bench snapshot: 'phase' and 'stores' are required");

        hub.PublishBench(snapshot);
        return Results.NoContent();
    }
}
