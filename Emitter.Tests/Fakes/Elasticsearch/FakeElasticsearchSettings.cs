using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake's index settings, as Elasticsearch 9.1.5 answers them:
/// <list type="bullet">
/// <item><c>GET /{index}/_settings[/{names}]</c>: the settings every index has (shards, replicas,
/// uuid, provided name, creation date, version) plus those set, as strings, nested by their dots or flat
/// with <c>flat_settings=true</c>; names are comma-separated patterns with <c>*</c>
/// (Regex.simpleMatch); an index none of whose settings match is left out of the answer
/// (server/src/main/java/org/elasticsearch/action/admin/indices/settings/get/GetSettingsResponse.java);</item>
/// <item><c>PUT /{index}/_settings</c>: keys nested or flat, with or without the <c>index.</c>
/// prefix (MetadataUpdateSettingsService normalises it); null resets a setting to its default;
/// <c>refresh_interval</c> must be a time value or -1 (libs/core/src/main/java/org/elasticsearch/core/TimeValue.java).</item>
/// </list>
/// </summary>
internal static partial class FakeElasticsearchSettings
{
    private const string RefreshInterval = "index.refresh_interval";

    public static void Map(WebApplication app, FakeElasticsearchServer server)
    {
        app.MapGet("/{index}/_settings", (HttpContext c, string index) => GetAsync(c, server, index, "*"));
        app.MapGet("/{index}/_settings/{names}", (HttpContext c, string index, string names) => GetAsync(c, server, index, names));
        app.MapPut("/{index}/_settings", (HttpContext c, string index) => PutAsync(c, server, index));
    }

    private static Task GetAsync(HttpContext context, FakeElasticsearchServer server, string index, string names)
    {
        if (!server.Indices.TryGetValue(index, out var found)) return FakeElasticsearchErrors.IndexNotFoundAsync(context, index);
        var patterns = names.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var settings = Always(found).Concat(found.Settings)
            .Where(s => patterns.Any(p => SimpleMatch(p, s.Key)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        var answer = new JsonObject();
        if (settings.Count > 0)
        {
            var flat = context.Request.Query["flat_settings"] == "true";
            answer[index] = new JsonObject { ["settings"] = flat ? Flat(settings) : Nested(settings) };
        }
        return FakeElasticsearchServer.WriteJsonAsync(context, 200, answer);
    }

    private static async Task PutAsync(HttpContext context, FakeElasticsearchServer server, string index)
    {
        if (!server.Indices.TryGetValue(index, out var found))
        {
            await FakeElasticsearchErrors.IndexNotFoundAsync(context, index);
            return;
        }
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
        var changes = new Dictionary<string, string?>();
        Flatten(body, "", changes);
        foreach (var (key, value) in changes.Where(c => c.Key == RefreshInterval && c.Value is not null && !TimeValue().IsMatch(c.Value)))
        {
            await FakeElasticsearchErrors.WriteAsync(context, 400, "illegal_argument_exception",
                $"failed to parse setting [{key}] with value [{value}] as a time value: unit is missing or unrecognized");
            return;
        }
        foreach (var (key, value) in changes)
        {
            if (value is null) found.Settings.TryRemove(key, out _);
            else found.Settings[key] = value;
        }
        await FakeElasticsearchServer.WriteJsonAsync(context, 200, new JsonObject { ["acknowledged"] = true });
    }

    private static IEnumerable<KeyValuePair<string, string>> Always(FakeElasticsearchIndex index) =>
    [
        new("index.creation_date", "1764547200000"),
        new("index.number_of_replicas", "1"),
        new("index.number_of_shards", "1"),
        new("index.provided_name", index.Name),
        new("index.uuid", "fake-uuid"),
        new("index.version.created", "9033000"),
    ];

    private static void Flatten(JsonObject node, string prefix, Dictionary<string, string?> into)
    {
        foreach (var (key, value) in node)
        {
            var path = prefix + key;
            if (value is JsonObject inner) Flatten(inner, path + ".", into);
            else into[path.StartsWith("index.", StringComparison.Ordinal) ? path : "index." + path] = value?.ToString();
        }
    }

    private static JsonObject Flat(List<KeyValuePair<string, string>> settings)
    {
        var flat = new JsonObject();
        foreach (var (key, value) in settings) flat[key] = value;
        return flat;
    }

    private static JsonObject Nested(List<KeyValuePair<string, string>> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split('.');
            var node = root;
            foreach (var part in parts[..^1]) node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            node[parts[^1]] = value;
        }
        return root;
    }

    private static bool SimpleMatch(string pattern, string key) =>
        Regex.IsMatch(key, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$");

    [GeneratedRegex(@"^(-1|0|\d+(\.\d+)?(nanos|micros|ms|s|m|h|d))$")]
    private static partial Regex TimeValue();
}
