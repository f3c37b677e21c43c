namespace Aspire.Hosting.Elasticsearch;

/// <summary>The pinned image: 9.x, because Elastic.Clients.Elasticsearch 9 sends headers 8.x refuses.</summary>
internal static class ElasticsearchContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "library/elasticsearch";
    public const string Tag = "9.1.5";
}
