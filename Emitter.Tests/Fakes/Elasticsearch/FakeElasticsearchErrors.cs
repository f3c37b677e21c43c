using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>Error bodies in Elasticsearch's shape: <c>{"error": {"root_cause": [...], "type", "reason"}, "status"}</c>.</summary>
internal static class FakeElasticsearchErrors
{
    public static JsonObject Cause(string type, string reason) => new() { ["type"] = type, ["reason"] = reason };

    public static Task WriteAsync(HttpContext context, int status, string type, string reason, JsonObject? causedBy = null)
    {
        var error = Cause(type, reason);
        error["root_cause"] = new JsonArray(Cause(type, reason));
        // A wrapped cause is rendered as caused_by (server/src/main/java/org/elasticsearch/ElasticsearchException.java).
        if (causedBy is not null) error["caused_by"] = causedBy;
        return FakeElasticsearchServer.WriteJsonAsync(context, status, new JsonObject { ["error"] = error, ["status"] = status });
    }

    public static Task IndexNotFoundAsync(HttpContext context, string index) =>
        WriteAsync(context, 404, "index_not_found_exception", $"no such index [{index}]");
}
