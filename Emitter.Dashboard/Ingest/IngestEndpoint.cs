using Emitter.Dashboard.Contract;
using Emitter.Dashboard.Streaming;
using Microsoft.Extensions.Options;

namespace Emitter.Dashboard.Ingest;

/// <summary>
/// POST /ingest: a batch from the generator's dashboard sink, fanned out to every client. Answers
/// 204 at once, or 400 with the reason (as plain text) for a batch it will not show.
/// </summary>
public static class IngestEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientHub hub, OriginCheck origins, TimeProvider time, IOptions<DashboardOptions> options)
    {
        var (batch, refusal) = await GatedJsonBody.ReadAsync(http, origins, options, options.Value.MaxIngestBytes, IngestJson.Default.IngestBatch, "an ingest batch");
        if (refusal is not null) return refusal;
        if (batch?.Entries is null) return GatedJsonBody.BadRequest("not an ingest batch: 'entries' is missing");
        if (IngestValidation.Problem(batch) is { } problem) return GatedJsonBody.BadRequest($"not an ingest batch: {problem}");

        return hub.Publish(batch, time.GetUtcNow()) is { } refused ? GatedJsonBody.BadRequest(refused) : Results.NoContent();
    }
}
