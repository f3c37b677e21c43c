using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>
/// The index's <c>index.refresh_interval</c> as the server holds it: how long at most until a
/// written document is searchable. Asked by name with flat keys, so the answer is one value or
/// nothing; the server leaves an index out of the answer when none of its settings match
/// (GetSettingsResponse.toXContent), and then the index runs on the default, 1s
/// (IndexSettings.INDEX_REFRESH_INTERVAL_SETTING). A key allowed to search and write but not to
/// read index settings (view_index_metadata) must not stop a bench over a figure that only
/// describes it: then the reason is recorded instead of the value.
/// </summary>
public static class ElasticsearchRefreshInterval
{
    public const string Setting = BulkRefreshInterval.Setting;
    public const string ServerDefault = BulkRefreshInterval.ServerDefault;

    public static async Task<string> ReadAsync(ElasticsearchClient client, ElasticsearchSinkOptions options, CancellationToken cancellationToken)
    {
        var response = await client.Transport.RequestAsync<StringResponse>(Elastic.Transport.HttpMethod.GET,
            $"/{Uri.EscapeDataString(options.Index)}/_settings/{Setting}?flat_settings=true", null, cancellationToken).ConfigureAwait(false);
        if (!response.ApiCallDetails.HasSuccessfulStatusCode) return $"unknown: could not read the settings of index '{options.Index}': {Describe(response)}";
        var value = JsonNode.Parse(response.Body)?[options.Index]?["settings"]?[Setting];
        return value is JsonValue text && text.TryGetValue<string>(out var interval) ? interval : ServerDefault;
    }

    private static string Describe(StringResponse response)
    {
        var status = response.ApiCallDetails.HttpStatusCode is { } code ? $"HTTP {code}" : "no answer";
        try
        {
            if (JsonNode.Parse(response.Body ?? "")?["error"] is JsonObject error) return $"{status} {error["type"]}: {error["reason"]}";
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return response.ApiCallDetails.OriginalException is { } e ? $"{status}: {e.Message}" : status;
    }
}
