using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake's <c>_bulk</c> (<see cref="FakeBulkRequest"/> reads it): per-item faults (queued
/// statuses, ids refused for good) played before a document is stored, then the mapping's checks.
/// </summary>
internal sealed class FakeElasticsearchBulk(FakeElasticsearchServer server)
{
    private static readonly string[] NdjsonTypes = ["application/x-ndjson", "application/json", "application/vnd.elasticsearch+x-ndjson", "application/vnd.elasticsearch+json"];

    public async Task HandleAsync(HttpContext context, string? pathIndex)
    {
        var (answer, items, refused) = await FakeBulkRequest.HandleAsync(context, NdjsonTypes, pathIndex, Apply);
        if (refused is { Status: 406 }) await FakeElasticsearchServer.WriteJsonAsync(context, 406, FakeBulkRequest.UnsupportedContentType(refused));
        else if (refused is not null) await FakeElasticsearchErrors.WriteAsync(context, refused.Status, refused.Type, refused.Reason);
        else
        {
            server.CountBulkItems(items);
            await FakeElasticsearchServer.WriteJsonAsync(context, 200, answer!);
        }
    }

    private JsonObject Apply(string op, string? indexName, string id, JsonObject? document)
    {
        var result = new JsonObject { ["_index"] = indexName, ["_id"] = id };
        if (op is not ("index" or "create") || indexName is null || document is null)
            return Error(result, 400, "action_request_validation_exception", $"Validation Failed: 1: unsupported action [{op}] or missing index or document;");
        if (server.TakeItemFault(id, FakeElasticsearchItemFault.MappingRejected) is { } fault) return Error(result, fault.Status, fault.Type, fault.Reason);

        var index = server.Indices.GetOrAdd(indexName, name => new FakeElasticsearchIndex(name, new JsonObject(), server.Time));
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
