using System.Text.RegularExpressions;
using Emitter.AppHost;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.AppHost;

/// <summary>Each server image is defined once (ServerImages); the docs and the fakes cannot drift from it.</summary>
public partial class ServerImagesTests
{
    // Any reference to one of our servers' images, qualified or not, e.g. qdrant/qdrant:v1.15.2 or elasticsearch:9.1.5.
    [GeneratedRegex(@"[\w./-]*(?:qdrant/qdrant|elasticsearch|opensearchproject/opensearch|pgvector/pgvector):[\w.-]+")]
    private static partial Regex ImageReference();

    [Fact]
    public void The_docs_name_exactly_the_server_images_the_app_host_and_container_tests_use()
    {
        var docs = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Append(Path.Combine(RepositoryRoot.Path, "README.md"));
        var named = docs.SelectMany(file => ImageReference().Matches(File.ReadAllText(file))).Select(m => m.Value).ToHashSet();
        Assert.Equal(new HashSet<string> { ServerImages.Qdrant, ServerImages.Elasticsearch, ServerImages.OpenSearch, ServerImages.PgVector }, named);
    }

    [Fact]
    public void The_fake_qdrant_follows_the_pinned_release()
    {
        Assert.EndsWith(":v" + FakeQdrantServer.PinnedVersion, ServerImages.Qdrant);
    }

    [Fact]
    public void The_fake_opensearch_follows_the_pinned_release()
    {
        Assert.EndsWith(":" + FakeOpenSearchServer.DefaultVersion, ServerImages.OpenSearch);
    }

    [Theory]
    [InlineData("docker.io/library/elasticsearch:9.1.5", "docker.io", "library/elasticsearch", "9.1.5")]
    [InlineData("localhost:5000/pgvector/pgvector:0.8.0-pg17", "localhost:5000", "pgvector/pgvector", "0.8.0-pg17")]
    public void A_reference_splits_into_the_parts_aspire_takes(string reference, string registry, string image, string tag)
    {
        Assert.Equal((registry, image, tag), ServerImages.Parts(reference));
    }
}
