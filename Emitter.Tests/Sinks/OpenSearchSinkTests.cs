using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Tests.Embedding;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks;

/// <summary>The OpenSearch sink against the fake OpenSearch (HTTP or HTTPS on loopback).</summary>
public class OpenSearchSinkTests
{
    private static OpenSearchSink Sink(FakeOpenSearchServer server, IndexMode mode = IndexMode.Hybrid, string? user = null, string? password = null,
        bool skipCert = false, int bulkMaxBytes = 5 << 20, ILoggerFactory? loggers = null) =>
        new("opensearch", new OpenSearchSinkOptions
        {
            Url = server.Url, User = user, Password = password, IndexMode = mode, SkipCert = skipCert, BulkMaxBytes = bulkMaxBytes,
        }, TimeProvider.System, loggers ?? NullLoggerFactory.Instance);

    [Fact]
    public async Task The_index_is_logstorms_knn_index_and_each_entry_arrives_once_with_its_id_fields_and_vector()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 1_000);
        var (stats, _) = await SinkDrive.RunAsync(Sink(server), pool, entries, batchSize: 250);

        Assert.True(stats.Delivered == 1_000, stats.FirstError);
        var index = server.Index("logs");
        Assert.True(index.Settings["index"]!["knn"]!.GetValue<bool>());
        var expected = JsonNode.Parse("""
            {
              "timestamp": { "type": "date" },
              "service": { "type": "keyword" },
              "level": { "type": "keyword" },
              "trace_id": { "type": "keyword" },
              "span_id": { "type": "keyword" },
              "message": { "type": "text" },
              "dense": { "type": "knn_vector", "dimension": 8, "method": { "name": "hnsw", "space_type": "cosinesimil", "engine": "lucene" } }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, index.Mappings["properties"]), index.Mappings.ToJsonString());
        Assert.Equal("one-hot", index.Mappings["_meta"]!["embedding_model"]!.GetValue<string>());
        Assert.Equal("hybrid", index.Mappings["_meta"]!["index_mode"]!.GetValue<string>());

        Assert.Equal(1_000, index.Documents.Count);
        Assert.All(index.Writes.Values, n => Assert.Equal(1, n));
        var entry = entries[17];
        var document = index.Documents[entry.Id.ToString()];
        Assert.Equal(entry.Service, document["service"]!.GetValue<string>());
        Assert.Equal(entry.Level.Name(), document["level"]!.GetValue<string>());
        Assert.Equal(entry.Text, document["message"]!.GetValue<string>());
        Assert.Equal(EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, 0.01f), document["dense"]!.AsArray().Select(v => v!.GetValue<float>()));
        // Trace context as keyword fields, as in the Elasticsearch index (SinkDrive gives even entries one).
        Assert.False(document.AsObject().ContainsKey("trace_id"));
        var traced = index.Documents[entries[42].Id.ToString()];
        Assert.Equal(TraceIds.Hex(entries[42].TraceId), traced["trace_id"]!.GetValue<string>());
        Assert.Equal(TraceIds.Hex(entries[42].SpanId), traced["span_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_are_split_by_bytes_and_a_repeat_overwrites_instead_of_adding()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 400);
        var (stats, _) = await SinkDrive.RunAsync(Sink(server, bulkMaxBytes: 8 * 1024), pool, [.. entries, .. entries], batchSize: 400);

        Assert.Equal(800, stats.Delivered);
        Assert.Equal(400, server.Index("logs").Documents.Count);
        Assert.True(server.BulkRequests >= 10, $"expected requests of at most 8 KiB, saw {server.BulkRequests} for 800 documents");
    }

    [Fact]
    public async Task Unavailable_requests_429_items_and_setup_faults_are_retried_and_every_entry_is_stored_once()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextSetupRequests(2, 503);
        server.FailNextBulkRequests(3, 503);
        server.FailNextBulkRequests(1, 429);
        server.FailNextItems(25, FakeElasticsearchItemFault.TooManyRequests);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 2_000);

        var (stats, retries) = await SinkDrive.RunAsync(Sink(server), pool, entries, batchSize: 500);

        Assert.Equal((2_000L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(2_000, server.Index("logs").Documents.Count);
        Assert.All(server.Index("logs").Writes.Values, n => Assert.Equal(1, n));
        // Setup faults are waited out by the setup profile; each failed request costs the pipeline a retry of its remainder.
        Assert.True(retries >= 4, $"expected each failed request to cost a retry, saw {retries}");
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_unless_skip_cert_is_set_and_then_one_warning_says_so()
    {
        await using var server = await FakeOpenSearchServer.StartAsync("admin", "Str0ng-Pass!word", tls: true, TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var context = new SinkContext(pool, pool.Embedding!);

        var quiet = new CapturingLogger();
        await using (var checking = Sink(server, user: "admin", password: "Str0ng-Pass!word", loggers: new CapturingLoggerFactory(quiet)))
        {
            var error = await Assert.ThrowsAsync<SinkSetupException>(() => checking.InitializeAsync(context, TestContext.Current.CancellationToken));
            Assert.Contains("skip_cert", error.Message);
            Assert.DoesNotContain("Str0ng-Pass!word", error.Message);
        }
        Assert.Equal(0, server.Requests);
        Assert.Empty(quiet.Warnings);

        var logger = new CapturingLogger();
        var entries = SinkDrive.Entries(pool, 50);
        var (stats, _) = await SinkDrive.RunAsync(Sink(server, user: "admin", password: "Str0ng-Pass!word", skipCert: true, loggers: new CapturingLoggerFactory(logger)), pool, entries);

        Assert.Equal(50, stats.Delivered);
        Assert.Contains("skip_cert", Assert.Single(logger.Warnings));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("Str0ng-Pass!word", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_credentials_stop_setup_without_showing_the_password()
    {
        await using var server = await FakeOpenSearchServer.StartAsync("admin", "right-one", cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = Sink(server, user: "admin", password: "Wr0ng-Secret");
        var error = await Assert.ThrowsAsync<SinkSetupException>(() => sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken));
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("Wr0ng-Secret", error.Message);
    }
}
