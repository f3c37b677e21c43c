namespace Aspire.Hosting.Qdrant;

/// <summary>The pinned image. 1.15.2 is the first that computes BM25 vectors on the server.</summary>
internal static class QdrantContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "qdrant/qdrant";
    public const string Tag = "v1.15.2";
}
