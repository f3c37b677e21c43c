using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Sinks;

/// <summary>
/// What keyword mode maps on the Qdrant and Elasticsearch sinks beyond the contract's shape
/// (<see cref="Contract.StoreContractTests"/>: each mode's vector and text, another mode refused):
/// the field types and the payload indexes filters use.
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
}
