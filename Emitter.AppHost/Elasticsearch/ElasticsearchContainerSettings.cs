namespace Aspire.Hosting.Elasticsearch;

/// <summary>
/// The one configuration the Elasticsearch container runs with, under the app host and in the
/// container tests alike (the password comes separately, as <c>ELASTIC_PASSWORD</c>).
/// </summary>
public static class ElasticsearchContainerSettings
{
    /// <summary>The built-in superuser whose password <c>ELASTIC_PASSWORD</c> sets.</summary>
    public const string User = "elastic";

    /// <summary>
    /// Single node with security on (the sink authenticates with basic or api_key) and the
    /// self-generated trial licence: RRF, the original's hybrid ranking, is refused under the
    /// basic licence (x-pack rank-rrf plugin, RRFRankPlugin: an ENTERPRISE feature).
    /// The heap is bounded so the container fits beside the other servers.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new("discovery.type", "single-node"),
        new("xpack.security.enabled", "true"),
        new("xpack.license.self_generated.type", "trial"),
        new("ES_JAVA_OPTS", "-Xms512m -Xmx512m"),
    ];
}
