using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>
/// The few OpenSearch REST calls the sink makes, each answered as a status and a body (or no
/// answer): index exists, create, mapping, and <c>_bulk</c> read into a <see cref="BulkAnswer"/>.
/// </summary>
internal sealed class OpenSearchRest(HttpClient http, OpenSearchSinkOptions options)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly string _index = Uri.EscapeDataString(options.Index);

    public async Task<(int? Status, JsonNode? Body, string? Problem)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonNode? parsed = null;
            try { parsed = text.Length > 0 ? JsonNode.Parse(text) : null; } catch (JsonException) { }
            return ((int)response.StatusCode, parsed, null);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            throw new SinkSetupException($"OpenSearch at {options.Url}: the TLS handshake failed ({e.InnerException.Message}); "
                + "for the security plugin's self-signed demo certificate set skip_cert: true (certificates are then not checked)", e);
        }
        catch (HttpRequestException e)
        {
            return (null, null, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, null, $"no answer within {options.Timeout.TotalSeconds:0} s");
        }
    }

    public Task<(int? Status, JsonNode? Body, string? Problem)> IndexAsync(HttpMethod method, string suffix, JsonNode? body, CancellationToken ct) =>
        SendAsync(method, _index + suffix, body, ct);

    /// <summary>One status line: HTTP status and the server's error type and reason, or why there was no answer.</summary>
    public static string Describe(int? status, JsonNode? body, string? problem)
    {
        if (status is null) return $"no answer: {problem}";
        var error = body?["error"];
        return error is JsonObject e ? $"HTTP {status} {e["type"]}: {e["reason"]}" : error is not null ? $"HTTP {status}: {error}" : $"HTTP {status}";
    }

    /// <summary>One <c>_bulk</c> request of index actions with <c>_id</c> = entry id; each item's status read in order.</summary>
    public async Task<BulkAnswer> BulkAsync(IReadOnlyList<BulkDocument> documents, CancellationToken ct)
    {
        using var body = new MemoryStream();
        foreach (var document in documents)
        {
            body.Write(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["index"] = new JsonObject { ["_id"] = document.Id } }));
            body.Write(NewLine);
            body.Write(document.Json);
            body.Write(NewLine);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _index + "/_bulk") { Content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            JsonNode? parsed = null;
            try { parsed = await JsonNode.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false); } catch (JsonException) { }
            if (status is < 200 or >= 300 || parsed?["items"] is not JsonArray items) return new BulkAnswer(status, Describe(status, parsed, null), null);
            return new BulkAnswer(status, null, [.. items.Select(Item)]);
        }
        catch (HttpRequestException e)
        {
            return BulkAnswer.NoAnswer(e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return BulkAnswer.NoAnswer($"no answer within {options.Timeout.TotalSeconds:0} s");
        }
    }

    private static BulkItemAnswer Item(JsonNode? item)
    {
        var result = (item as JsonObject)?.FirstOrDefault().Value;
        var error = result?["error"];
        return new BulkItemAnswer(result?["status"]?.GetValue<int>() ?? 0, error?["type"]?.GetValue<string>(), error?["reason"]?.GetValue<string>());
    }
}
