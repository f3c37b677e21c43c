using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Sinks;

/// <summary>
/// index_mode on the Qdrant and Elasticsearch sinks against their fakes: what each mode writes
/// and what it leaves out, and a store built for another mode refused at start naming both.
/// </summary>
public class IndexModeTests
{
    private static ElasticsearchSink Elasticsearch(FakeElasticsearchServer server, IndexMode mode) =>
        new("elasticsearch", new ElasticsearchSinkOptions { Url = server.Url, IndexMode = mode }, TimeProvider.System, NullLoggerFactory.Instance);

    private static QdrantSink Qdrant(FakeQdrantServer server, IndexMode mode) =>
        new("qdrant", new QdrantSinkOptions { Endpoint = server.Endpoint, IndexMode = mode }, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task Elasticsearch_keyword_mode_maps_and_writes_no_vector()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 50);
        var (stats, _) = await SinkDrive.RunAsync(Elasticsearch(server, IndexMode.Keyword), pool, entries);

        Assert.Equal(50, stats.Delivered);
        var index = server.Index("logs");
        var properties = index.Mappings["properties"]!.AsObject();
        Assert.False(properties.ContainsKey("dense"), properties.ToJsonString());
        Assert.Equal("text", properties["message"]!["type"]!.GetValue<string>());
        Assert.Equal("keyword", properties["level"]!["type"]!.GetValue<string>());
        Assert.Equal("keyword", properties["service"]!["type"]!.GetValue<string>());
        Assert.Equal("keyword", index.Mappings["_meta"]!["index_mode"]!.GetValue<string>());
        Assert.All(index.Documents.Values, d => Assert.False(d.ContainsKey("dense")));
    }

    [Fact]
    public async Task Elasticsearch_vector_mode_keeps_the_message_unindexed_and_writes_the_vector()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 20);
        var (stats, _) = await SinkDrive.RunAsync(Elasticsearch(server, IndexMode.Vector), pool, entries);

        Assert.Equal(20, stats.Delivered);
        var properties = server.Index("logs").Mappings["properties"]!.AsObject();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "type": "text", "index": false }"""), properties["message"]), properties.ToJsonString());
        Assert.Equal("dense_vector", properties["dense"]!["type"]!.GetValue<string>());
        Assert.Equal(8, server.Index("logs").Documents[entries[3].Id.ToString()]["dense"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(IndexMode.Hybrid, IndexMode.Keyword)]
    [InlineData(IndexMode.Keyword, IndexMode.Vector)]
    [InlineData(IndexMode.Vector, IndexMode.Hybrid)]
    public async Task An_elasticsearch_index_built_for_another_mode_is_refused_naming_both(IndexMode built, IndexMode wanted)
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var context = new SinkContext(pool, pool.Embedding!);
        await using (var first = Elasticsearch(server, built)) await first.InitializeAsync(context, TestContext.Current.CancellationToken);

        await using var sink = Elasticsearch(server, wanted);
        var error = await Assert.ThrowsAsync<ConfigException>(() => sink.InitializeAsync(context, TestContext.Current.CancellationToken));
        foreach (var part in new[] { "'logs'", $"index_mode {built.Name()}", $"index_mode {wanted.Name()}" }) Assert.Contains(part, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Qdrant_keyword_mode_has_bm25_and_no_dense_vector_and_payload_indexes_on_level_and_service()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 40);
        var (stats, _) = await SinkDrive.RunAsync(Qdrant(server, IndexMode.Keyword), pool, entries);

        Assert.Equal(40, stats.Delivered);
        var collection = server.Collection("logs");
        Assert.Empty(collection.Created.VectorsConfig.ParamsMap.Map);
        Assert.True(collection.Created.SparseVectorsConfig.Map.ContainsKey(QdrantSchema.SparseVector));
        Assert.Equal(PayloadSchemaType.Keyword, collection.PayloadIndexes["level"]);
        Assert.Equal(PayloadSchemaType.Keyword, collection.PayloadIndexes["service"]);
        var vectors = collection.Points[entries[5].Id.ToString()].Vectors.Vectors_.Vectors;
        Assert.Equal([QdrantSchema.SparseVector], vectors.Keys);
    }

    [Fact]
    public async Task Qdrant_vector_mode_has_the_dense_vector_and_no_bm25()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 40);
        var (stats, _) = await SinkDrive.RunAsync(Qdrant(server, IndexMode.Vector), pool, entries);

        Assert.Equal(40, stats.Delivered);
        var collection = server.Collection("logs");
        Assert.Null(collection.Created.SparseVectorsConfig);
        Assert.Equal(8ul, collection.Created.VectorsConfig.ParamsMap.Map[QdrantSchema.DenseVector].Size);
        Assert.Equal([QdrantSchema.DenseVector], collection.Points[entries[5].Id.ToString()].Vectors.Vectors_.Vectors.Keys);
    }

    [Theory]
    [InlineData(IndexMode.Hybrid, IndexMode.Keyword)]
    [InlineData(IndexMode.Keyword, IndexMode.Hybrid)]
    [InlineData(IndexMode.Vector, IndexMode.Keyword)]
    public async Task A_qdrant_collection_built_for_another_mode_is_refused_naming_both(IndexMode built, IndexMode wanted)
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var context = new SinkContext(pool, pool.Embedding!);
        await using (var first = Qdrant(server, built)) await first.InitializeAsync(context, TestContext.Current.CancellationToken);

        await using var sink = Qdrant(server, wanted);
        var error = await Assert.ThrowsAsync<ConfigException>(() => sink.InitializeAsync(context, TestContext.Current.CancellationToken));
        foreach (var part in new[] { "'logs'", $"index_mode {built.Name()}", $"index_mode {wanted.Name()}" }) Assert.Contains(part, error.Message);
    }
}
