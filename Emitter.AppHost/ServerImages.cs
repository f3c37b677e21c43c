namespace Emitter.AppHost;

/// <summary>
/// The one definition of each server image, fully qualified (podman resolves no short names):
/// the app host's containers, the container tests and the docs all name exactly these.
/// </summary>
public static class ServerImages
{
    /// <summary>
    /// 1.16.0 is the minimum (collection metadata; BM25 Documents with the image's default config
    /// since 1.15.3); v1.19.0 is the newest release whose behaviour docs/server-contract.md checks.
    /// </summary>
    public const string Qdrant = "docker.io/qdrant/qdrant:v1.19.0";

    /// <summary>9.x, because Elastic.Clients.Elasticsearch 9 sends headers 8.x refuses.</summary>
    public const string Elasticsearch = "docker.io/library/elasticsearch:9.1.5";

    /// <summary>
    /// 3.x with the security plugin (HTTPS with a self-signed demo certificate, admin password from
    /// OPENSEARCH_INITIAL_ADMIN_PASSWORD) and the k-NN plugin 3.8.0.0, whose knn_vector rules the fake follows.
    /// </summary>
    public const string OpenSearch = "docker.io/opensearchproject/opensearch:3.8.0";

    /// <summary>pgvector 0.8.0, also what scripts/pgvector-install.sh builds.</summary>
    public const string PgVector = "docker.io/pgvector/pgvector:0.8.0-pg17";

    /// <summary>A reference split into the parts Aspire's WithImage/WithImageRegistry take.</summary>
    public static (string Registry, string Image, string Tag) Parts(string reference)
    {
        var slash = reference.IndexOf('/');
        var colon = reference.LastIndexOf(':');
        if (slash < 0 || colon < slash) throw new ArgumentException($"'{reference}' is not registry/image:tag", nameof(reference));
        return (reference[..slash], reference[(slash + 1)..colon], reference[(colon + 1)..]);
    }
}
