using System.Text.Json;
using Emitter.Dashboard.Contract;
using Emitter.Dashboard.Streaming;

namespace Emitter.Dashboard.Ingest;

/// <summary>
/// POST /ingest: a batch from the generator's dashboard sink, fanned out to every client. Answers
/// 204 at once, or 400 with the reason (as plain text) for a batch it will not show.
/// </summary>
public static class IngestEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientHub hub, OriginCheck origins, TimeProvider time)
    {
        if (!origins.Allows(http.Request)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        // JSON only: a cross-site page cannot send it without a CORS preflight, which is never granted.
        if (!http.Request.HasJsonContentType()) return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);

        IngestBatch? batch;
        try
        {
            batch = await http.Request.ReadFromJsonAsync(IngestJson.Default.IngestBatch, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return BadRequest($"not an ingest batch: {e.Message}");
        }
        if (batch?.Entries is null) return BadRequest("not an ingest batch: 'entries' is missing");
        if (IngestValidation.Problem(batch) is { } problem) return BadRequest($"not an ingest batch: {problem}");

        return hub.Publish(batch, time.GetUtcNow()) is { } refused ? BadRequest(refused) : Results.NoContent();
    }

    private static IResult BadRequest(string reason) => Results.Text(reason, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
