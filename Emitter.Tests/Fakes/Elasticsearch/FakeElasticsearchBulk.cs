using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake's <c>_bulk</c>: NDJSON checked as the server checks it (content type, final newline),
/// one result per action in order, <c>errors</c> set when any item failed, and per-item faults
/// (queued statuses, ids refused for good) played before a document is stored.
/// </summary>
internal sealed class FakeElasticsearchBulk(FakeElasticsearchServer server)
{
    private static readonly string[] NdjsonTypes = ["application/x-ndjson", "application/json", "application/vnd.elasticsearch+x-ndjson", "application/vnd.elasticsearch+json"];

    public async Task HandleAsync(HttpContext context, string? pathIndex)
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        if (contentType is null || !NdjsonTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            await FakeElasticsearchServer.WriteJsonAsync(context, 406, new JsonObject
            {
                ["error"] = $"Content-Type header [{context.Request.ContentType}] is not supported",
                ["status"] = 406,
            });
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        if (body.Length == 0 || body[^1] != '\n')
        {
            await FakeElasticsearchErrors.WriteAsync(context, 400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
            return;
        }

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject();
            var (op, meta) = (action.First().Key, action.First().Value!.AsObject());
            var document = op is "index" or "create" && i + 1 < lines.Length ? JsonNode.Parse(lines[++i])!.AsObject() : null;
            var result = Apply(op, meta["_index"]?.GetValue<string>() ?? pathIndex, meta["_id"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N"), document);
            errors |= result.ContainsKey("error");
            items.Add(new JsonObject { [op] = result });
        }

        server.CountBulkItems(items.Count);
        await FakeElasticsearchServer.WriteJsonAsync(context, 200, new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items });
    }

    private JsonObject Apply(string op, string? indexName, string id, JsonObject? document)
    {
        var result = new JsonObject { ["_index"] = indexName, ["_id"] = id };
        if (op is not ("index" or "create") || indexName is null || document is null)
            return Error(result, 400, "action_request_validation_exception", $"Validation Failed: 1: unsupported action [{op}] or missing index or document;");
        if (server.TakeItemFault(id) is { } fault) return Error(result, fault.Status, fault.Type, fault.Reason);

        var index = server.Indices.GetOrAdd(indexName, name => new FakeElasticsearchIndex(name, new JsonObject()));
        if (op == "create" && index.Documents.ContainsKey(id))
            return Error(result, 409, "version_conflict_engine_exception", $"[{id}]: version conflict, document already exists");
        if (index.Check(id, document) is { } problem) return Error(result, 400, "document_parsing_exception", problem);

        var version = index.Store(id, document);
        result["_version"] = version;
        result["result"] = version == 1 ? "created" : "updated";
        result["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };
        result["_seq_no"] = server.NextSequenceNumber();
        result["_primary_term"] = 1;
        result["status"] = version == 1 ? 201 : 200;
        return result;
    }

    private static JsonObject Error(JsonObject result, int status, string type, string reason)
    {
        result["status"] = status;
        result["error"] = FakeElasticsearchErrors.Cause(type, reason);
        return result;
    }
}
