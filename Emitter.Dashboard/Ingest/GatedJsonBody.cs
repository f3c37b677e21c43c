using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Emitter.Dashboard.Ingest;

/// <summary>
/// What every POST the generator makes (/ingest, /bench) passes before it is read: a local origin,
/// the ingest token when one is set (401), a JSON content type in UTF-8 (a cross-site page cannot
/// send it without a CORS preflight, which is never granted; 415 otherwise), a body within its
/// cap (413), and a body that parses (400); a refusal is the answer to send back.
/// </summary>
internal static class GatedJsonBody
{
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpContext http, OriginCheck origins, IOptions<DashboardOptions> options,
        long maxBytes, JsonTypeInfo<T> type, string what)
        where T : class
    {
        if (!origins.Allows(http.Request)) return (null, Results.StatusCode(StatusCodes.Status403Forbidden));
        if (!TokenMatches(http.Request, options.Value.IngestToken))
            return (null, Refusal(StatusCodes.Status401Unauthorized, "this dashboard takes posts only with its ingest token (Authorization: Bearer ...)"));
        if (!http.Request.HasJsonContentType()) return (null, Results.StatusCode(StatusCodes.Status415UnsupportedMediaType));
        // ReadFromJsonAsync throws (a 500 with a stack trace in Development) on a charset it does not know.
        if (CharsetProblem(http.Request.ContentType) is { } charset) return (null, Refusal(StatusCodes.Status415UnsupportedMediaType, charset));

        var tooLarge = Refusal(StatusCodes.Status413PayloadTooLarge, $"{what} may be at most {maxBytes:N0} bytes");
        if (http.Request.ContentLength > maxBytes) return (null, tooLarge);
        // A chunked body has no length up front: Kestrel stops reading it at the cap.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        try
        {
            return (await http.Request.ReadFromJsonAsync(type, http.RequestAborted), null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest($"not {what}: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
    }

    /// <summary>400 with the reason as plain text.</summary>
    public static IResult BadRequest(string reason) => Refusal(StatusCodes.Status400BadRequest, reason);

    private static IResult Refusal(int status, string reason) => Results.Text(reason, "text/plain; charset=utf-8", statusCode: status);

    /// <summary>JSON between systems is UTF-8 (RFC 8259 section 8.1): any other charset is refused.</summary>
    private static string? CharsetProblem(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.Charset.Length == 0) return null;
        var charset = media.Charset.Value!.Trim('"');
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"charset '{(charset.Length <= 40 ? charset : charset[..40] + "...")}' is not supported: send JSON in UTF-8";
    }

    private static bool TokenMatches(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token)) return true;
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        // Constant time: the comparison must not tell how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
