using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The <c>_bulk</c> protocol Elasticsearch and OpenSearch share (OpenSearch forked it:
/// server/src/main/java/org/elasticsearch/action/bulk/BulkRequestParser.java and
/// org/opensearch/action/bulk/BulkRequestParser.java): NDJSON in a content type the server
/// accepts, ending in a newline, an action line followed by its document for index/create;
/// the answer has one item per action, in order, and <c>errors</c> when any item failed.
/// Each fake applies an action its own way (mappings, faults).
/// </summary>
internal static class FakeBulkRequest
{
    /// <summary>Applies one action: the item's result object (with <c>error</c> when it failed).</summary>
    public delegate JsonObject Apply(string op, string? index, string id, JsonObject? document);

    /// <summary>The refusal of a whole request, before any item: 406 for the content type, 400 for the framing.</summary>
    public sealed record Refusal(int Status, string Type, string Reason);

    /// <summary>Reads the body and applies its actions; either the answer and its item count, or why the request was refused.</summary>
    public static async Task<(JsonObject? Answer, int Items, Refusal? Refused)> HandleAsync(
        HttpContext context, IReadOnlyCollection<string> contentTypes, string? pathIndex, Apply apply)
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        if (contentType is null || !contentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            return (null, 0, new Refusal(406, "", $"Content-Type header [{context.Request.ContentType}] is not supported"));

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        if (body.Length == 0 || body[^1] != '\n')
            return (null, 0, new Refusal(400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]"));

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject();
            var (op, meta) = (action.First().Key, action.First().Value!.AsObject());
            var document = op is "index" or "create" && i + 1 < lines.Length ? JsonNode.Parse(lines[++i])!.AsObject() : null;
            var result = apply(op, meta["_index"]?.GetValue<string>() ?? pathIndex, meta["_id"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N"), document);
            errors |= result.ContainsKey("error");
            items.Add(new JsonObject { [op] = result });
        }
        return (new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items }, items.Count, null);
    }

    /// <summary>The 406 answer (a bare reason, not an exception object, in both servers).</summary>
    public static JsonObject UnsupportedContentType(Refusal refusal) => new() { ["error"] = refusal.Reason, ["status"] = refusal.Status };
}
