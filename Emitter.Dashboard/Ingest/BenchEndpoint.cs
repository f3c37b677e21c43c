using System.Text.Json;
using Emitter.Dashboard.Contract;
using Emitter.Dashboard.Streaming;

namespace Emitter.Dashboard.Ingest;

/// <summary>POST /bench: a running bench's snapshot, broadcast to every client as a bench frame. Answers 204 at once.</summary>
public static class BenchEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientHub hub, OriginCheck origins)
    {
        // The same gates as /ingest: local origins only, JSON only (no simple cross-site POST).
        if (!origins.Allows(http.Request)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        if (!http.Request.HasJsonContentType()) return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);

        BenchSnapshot? snapshot;
        try
        {
            snapshot = await http.Request.ReadFromJsonAsync(BenchJson.Default.BenchSnapshot, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return Results.BadRequest($"not a bench snapshot: {e.Message}");
        }
        if (snapshot?.Stores is null || snapshot.Phase is null) return Results.BadRequest("not a bench snapshot: 'phase' and 'stores' are required");

        hub.PublishBench(snapshot);
        return Results.NoContent();
    }
}
