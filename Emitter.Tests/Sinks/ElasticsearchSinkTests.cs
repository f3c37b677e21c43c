using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Elasticsearch;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks;

/// <summary>The Elasticsearch sink with the official client against the fake Elasticsearch (HTTP on loopback).</summary>
public class ElasticsearchSinkTests
{
    private static ElasticsearchSink Sink(FakeElasticsearchServer server, string? user = null, string? password = null, int bulkMaxBytes = ElasticsearchSinkOptions.DefaultBulkMaxBytes) =>
        new("elasticsearch", new ElasticsearchSinkOptions { Url = server.Url, User = user, Password = password, BulkMaxBytes = bulkMaxBytes },
            TimeProvider.System, NullLoggerFactory.Instance);

    private static Task InitializeAsync(ILogSink sink, int dimensions) =>
        sink.InitializeAsync(Context(dimensions), TestContext.Current.CancellationToken);

    private static SinkContext Context(int dimensions)
    {
        var pool = TestPools.Small(dimensions: dimensions);
        return new SinkContext(pool, pool.Embedding!);
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
    public async Task Items_refused_for_good_are_counted_with_the_first_reason_and_the_rest_delivered()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 2_000);
        var refused = entries.Where((_, i) => i % 50 == 7).Select(e => e.Id.ToString()).ToHashSet();
        server.RefuseIds(refused.Contains);

        var (stats, _) = await SinkDrive.RunAsync(Sink(server), pool, entries);

        Assert.Equal((1_960L, 40L), (stats.Delivered, stats.Failed));
        Assert.Contains("document_parsing_exception", stats.FirstError);
        Assert.Contains("fake permanent rejection", stats.FirstError);
        Assert.Equal(1_960, server.Index("logs").Documents.Count);
        Assert.DoesNotContain(server.Index("logs").Documents.Keys, refused.Contains);
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
    public async Task An_existing_index_with_other_dimensions_is_refused_with_both_values()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using (var first = Sink(server)) await InitializeAsync(first, 16);

        await using var sink = Sink(server);
        var error = await Assert.ThrowsAsync<ConfigException>(() => InitializeAsync(sink, 8));
        foreach (var part in new[] { "'logs'", "16", "8", "index_name" }) Assert.Contains(part, error.Message);
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
}
