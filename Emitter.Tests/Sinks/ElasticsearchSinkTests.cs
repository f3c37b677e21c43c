using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks;

/// <summary>The Elasticsearch sink with the official client against the fake Elasticsearch (HTTP on loopback).</summary>
public class ElasticsearchSinkTests
{
    private static ElasticsearchSink Sink(FakeElasticsearchServer server, string? user = null, string? password = null, int bulkMaxBytes = ElasticsearchSinkOptions.DefaultBulkMaxBytes,
        string? apiKey = null, DenseVectorIndexOptionsType indexOptions = DenseVectorIndexOptionsType.Hnsw, int maxInFlight = ElasticsearchSinkOptions.DefaultMaxInFlight) =>
        new("elasticsearch", new ElasticsearchSinkOptions
        {
            Url = server.Url, User = user, Password = password, ApiKey = apiKey, BulkMaxBytes = bulkMaxBytes, IndexOptions = indexOptions, MaxInFlight = maxInFlight,
        },
            TimeProvider.System, NullLoggerFactory.Instance);

    private static Task InitializeAsync(ILogSink sink, int dimensions, string? model = null) =>
        sink.InitializeAsync(Context(dimensions, model), TestContext.Current.CancellationToken);

    private static SinkContext Context(int dimensions, string? model = null)
    {
        var pool = TestPools.Small(dimensions: dimensions);
        return new SinkContext(pool, model is null ? pool.Embedding! : pool.Embedding! with { Model = model });
    }

    [Fact]
    public async Task The_mapping_is_the_originals_message_text_and_dense_vector_with_the_runs_dimensions()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var sink = Sink(server);
        await InitializeAsync(sink, 8);

        var expected = JsonNode.Parse("""
            {
              "timestamp": { "type": "date" },
              "service": { "type": "keyword" },
              "level": { "type": "keyword" },
              "trace_id": { "type": "keyword" },
              "span_id": { "type": "keyword" },
              "message": { "type": "text" },
              "dense": { "type": "dense_vector", "dims": 8, "index": true, "similarity": "cosine", "index_options": { "type": "hnsw" } }
            }
            """);
        var mappings = server.Index("logs").Mappings;
        Assert.True(JsonNode.DeepEquals(expected, mappings["properties"]), mappings.ToJsonString());
        Assert.Equal("one-hot", mappings["_meta"]?["embedding_model"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_document_has_the_entry_id_its_fields_and_its_vector()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 300);
        var (stats, _) = await SinkDrive.RunAsync(Sink(server), pool, entries, batchSize: 100);
        Assert.True(stats.Delivered == 300, stats.FirstError);

        var entry = entries[17];
        var document = server.Index("logs").Documents[entry.Id.ToString()];
        Assert.Equal(entry.Service, document["service"]!.GetValue<string>());
        Assert.Equal(entry.Level.Name(), document["level"]!.GetValue<string>());
        Assert.Equal(entry.Text, document["message"]!.GetValue<string>());
        Assert.Equal(entry.Timestamp, document["timestamp"]!.GetValue<DateTimeOffset>());
        Assert.Equal(EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, 0.01f), document["dense"]!.AsArray().Select(v => v!.GetValue<float>()));
    }

    [Fact]
    public async Task Ten_thousand_entries_arrive_exactly_once_through_503s_and_bursts_of_429_and_503_items()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextBulkRequests(3);
        server.FailNextItems(1_500, FakeElasticsearchItemFault.TooManyRequests);
        server.FailNextItems(200, FakeElasticsearchItemFault.Unavailable);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 10_000);

        var (stats, retries) = await SinkDrive.RunAsync(Sink(server, bulkMaxBytes: 64 * 1024), pool, entries, batchSize: 1000);

        var index = server.Index("logs");
        Assert.Equal((10_000L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(10_000, index.Documents.Count);
        Assert.True(entries.All(e => index.Writes.TryGetValue(e.Id.ToString(), out var n) && n == 1), "an entry is missing or was stored twice");
        Assert.True(retries >= 3, $"retries {retries}");
        Assert.True(server.BulkRequests >= 30, $"1000 documents of ~250 bytes in bodies of at most 64 KB: several requests per batch, saw {server.BulkRequests}");
    }

    [Fact]
    public async Task After_bodies_answered_429_only_their_documents_are_sent_again()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        // One batch in several _bulk bodies sent one after another: the first 8 requests are answered 429.
        server.FailNextBulkRequests(8, 429);
        var pool = TestPools.Small(dimensions: 8);

        var (stats, _) = await SinkDrive.RunAsync(Sink(server, bulkMaxBytes: 64 * 1024, maxInFlight: 1), pool, SinkDrive.Entries(pool, 1_000), batchSize: 1_000);

        Assert.Equal((1_000L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(1_000, server.Index("logs").Documents.Count);
        // The pipeline's retry of the batch carried the first body's documents only, not those already indexed.
        Assert.Equal(1_000, server.BulkItems);
    }

    [Fact]
    public async Task Documents_refused_for_good_are_not_sent_again_when_the_batch_is_retried_for_others()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 1_000);
        var refused = entries.Where((_, i) => i % 100 == 50).Select(e => e.Id.ToString()).ToHashSet();
        server.RefuseIds(refused.Contains);
        server.FailNextBulkRequests(8, 429);

        var (stats, _) = await SinkDrive.RunAsync(Sink(server, bulkMaxBytes: 64 * 1024, maxInFlight: 1), pool, entries, batchSize: 1_000);

        Assert.Equal((990L, 10L), (stats.Delivered, stats.Failed));
        Assert.Contains("fake permanent rejection", stats.FirstError);
        Assert.Equal(990, server.Index("logs").Documents.Count);
        // Each document was answered once: the refused ten were not sent again with the retry.
        Assert.Equal(1_000, server.BulkItems);
    }

    [Fact]
    public async Task A_burst_of_429s_longer_than_one_attempt_is_absorbed()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextItems(2_000, FakeElasticsearchItemFault.TooManyRequests);
        var pool = TestPools.Small(dimensions: 8);

        var (stats, retries) = await SinkDrive.RunAsync(Sink(server), pool, SinkDrive.Entries(pool, 1_000));

        Assert.Equal((1_000L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(1_000, server.Index("logs").Documents.Count);
        Assert.True(retries >= 4, $"2,000 rejections over 1,000 items need at least two rounds each, saw {retries} retries");
    }

    [Fact]
    public async Task Basic_credentials_are_sent_and_a_wrong_password_stops_setup_without_showing_it()
    {
        await using var server = await FakeElasticsearchServer.StartAsync("elastic", "right-secret-pw", cancellationToken: TestContext.Current.CancellationToken);
        await using (var good = Sink(server, "elastic", "right-secret-pw")) await InitializeAsync(good, 8);

        await using var bad = Sink(server, "elastic", "wrong-secret-pw");
        var error = await Assert.ThrowsAsync<SinkSetupException>(() => InitializeAsync(bad, 8));
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Theory]
    [InlineData(DenseVectorIndexOptionsType.BbqHnsw, 32, "at least 64")]
    [InlineData(DenseVectorIndexOptionsType.BbqFlat, 8, "at least 64")]
    [InlineData(DenseVectorIndexOptionsType.Int4Hnsw, 7, "even number")]
    [InlineData(DenseVectorIndexOptionsType.Int4Flat, 9, "even number")]
    public async Task Index_options_the_server_refuses_at_the_runs_dimensions_are_a_config_error_before_any_request(DenseVectorIndexOptionsType type, int dimensions, string why)
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var sink = Sink(server, indexOptions: type);

        var error = await Assert.ThrowsAsync<ConfigException>(() => InitializeAsync(sink, dimensions));

        Assert.Contains("index_options", error.Message);
        Assert.Contains(why, error.Message);
        Assert.Contains($"have {dimensions}", error.Message);
        Assert.Empty(server.Indices);
    }

    [Theory]
    [InlineData(DenseVectorIndexOptionsType.BbqHnsw, 64)]
    [InlineData(DenseVectorIndexOptionsType.Int4Hnsw, 8)]
    [InlineData(DenseVectorIndexOptionsType.Int8Hnsw, 7)]
    public async Task Index_options_the_server_takes_at_the_runs_dimensions_make_the_index(DenseVectorIndexOptionsType type, int dimensions)
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var sink = Sink(server, indexOptions: type);
        await InitializeAsync(sink, dimensions);
        Assert.Equal(ElasticsearchIndexOptions.Name(type), server.Index("logs").Mappings["properties"]!["dense"]!["index_options"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bbq_disk_on_a_server_older_than_9_2_stops_setup_with_one_line_naming_the_minimum()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var sink = Sink(server, indexOptions: DenseVectorIndexOptionsType.BbqDisk);

        var error = await Assert.ThrowsAsync<SinkSetupException>(() => InitializeAsync(sink, 8));

        foreach (var part in new[] { "Sink elasticsearch", "9.1.5", "bbq_disk", "9.2.0 or newer" }) Assert.Contains(part, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(server.Indices);
    }

    [Fact]
    public async Task Bbq_disk_on_9_2_makes_the_index()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Version = "9.2.0";
        await using var sink = Sink(server, indexOptions: DenseVectorIndexOptionsType.BbqDisk);
        await InitializeAsync(sink, 8);
        Assert.Equal("bbq_disk", server.Index("logs").Mappings["properties"]!["dense"]!["index_options"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Index_setup_answered_429_and_503_is_retried_until_the_index_is_made()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextSetupRequests(2, 429);
        server.FailNextSetupRequests(2, 503);
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = Sink(server);

        var (stats, _) = await SinkDrive.RunAsync(sink, pool, SinkDrive.Entries(pool, 100));

        Assert.Equal(4, server.SetupFaultsServed);
        Assert.Equal((100L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(100, server.Index("logs").Documents.Count);
    }

    [Fact]
    public async Task An_api_key_is_sent_as_ApiKey_authorization_and_a_wrong_one_stops_setup_without_showing_it()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(apiKey: "cmlnaHQtc2VjcmV0LWtleQ==", cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var (stats, _) = await SinkDrive.RunAsync(Sink(server, apiKey: "cmlnaHQtc2VjcmV0LWtleQ=="), pool, SinkDrive.Entries(pool, 50));
        Assert.Equal((50L, 0L), (stats.Delivered, stats.Failed));

        await using var bad = Sink(server, apiKey: "d3Jvbmctc2VjcmV0LWtleQ==");
        var error = await Assert.ThrowsAsync<SinkSetupException>(() => InitializeAsync(bad, 8));
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("d3Jvbmctc2VjcmV0LWtleQ", error.Message);
    }
}
