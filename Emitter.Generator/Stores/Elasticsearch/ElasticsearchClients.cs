using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>The official client for one sink: one node, its credentials, no retries of its own (the pipeline retries what a write left).</summary>
public static class ElasticsearchClients
{
    public static ElasticsearchClient Create(ElasticsearchSinkOptions options)
    {
        var settings = new ElasticsearchClientSettings(new SingleNodePool(options.Url))
            .RequestTimeout(options.Timeout); // one node: the transport has nowhere else to retry
        if (options.ApiKey is { } key) settings = settings.Authentication(new ApiKey(key));
        else if (options.User is { } user) settings = settings.Authentication(new BasicAuthentication(user, options.Password!));
        return new ElasticsearchClient(settings);
    }

    /// <summary>A failed call in one line: status, the server's error type and reason, or the transport's message.</summary>
    public static string Describe(ElasticsearchResponse response)
    {
        var status = response.ApiCallDetails.HttpStatusCode is { } code ? $"HTTP {code}" : "no answer";
        if (response.ElasticsearchServerError?.Error is { } error) return $"{status} {error.Type}: {error.Reason}";
        return response.ApiCallDetails.OriginalException is { } e ? $"{status}: {e.Message}" : status;
    }
}
