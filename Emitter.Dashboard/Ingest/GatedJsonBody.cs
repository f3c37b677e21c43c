using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Emitter.Dashboard.Ingest;

/// <summary>
/// What every POST the generator makes (/ingest, /bench) passes before it is read: a local origin,
/// a JSON content type (a cross-site page cannot send it without a CORS preflight, which is never
/// granted), and a body that parses; a refusal is the answer to send back.
/// </summary>
internal static class GatedJsonBody
{
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpContext http, OriginCheck origins, JsonTypeInfo<T> type, string what)
        where T : class
    {
        if (!origins.Allows(http.Request)) return (null, Results.StatusCode(StatusCodes.Status403Forbidden));
        if (!http.Request.HasJsonContentType()) return (null, Results.StatusCode(StatusCodes.Status415UnsupportedMediaType));
        try
        {
            return (await http.Request.ReadFromJsonAsync(type, http.RequestAborted), null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest($"not {what}: {e.Message}"));
        }
    }

    /// <summary>400 with the reason as plain text.</summary>
    public static IResult BadRequest(string reason) => Results.Text(reason, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
