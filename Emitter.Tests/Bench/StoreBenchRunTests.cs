using System.Text.Json;
using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Bench;

/// <summary>The whole generator running a bench against the fake Qdrant, the fake Elasticsearch and the fake OpenSearch together.</summary>
public class StoreBenchRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bench_with_a_preseed_and_two_phases_reports_queries_and_freshness_for_every_store_with_every_marker_found()
    {
        await using var qdrant = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        await using var elasticsearch = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        elasticsearch.License = "trial"; // the hybrid's RRF retriever needs it, as on the server
        await using var opensearch = await FakeOpenSearchServer.StartAsync(cancellationToken: Ct);
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var yaml = $"""
            message_pool_size: 40
            flush_interval_ms: 100
            embedding:
              cache_dir: {cache.Directory}
            sinks:
              - type: qdrant
                url: {qdrant.Endpoint}
                collection_name: bench
              - type: elasticsearch
                url: {elasticsearch.Url}
                index_name: bench
              - type: opensearch
                url: {opensearch.Url}
                index_name: bench
            services:
              - name: api
                rate_per_sec: 50
            bench:
              preseed_entries: 100
              build_indexes_after_preseed: true
              phases:
                - name: steady
                  duration_secs: 2
                  write_rate: 0
                - name: writes
                  duration_secs: 2
                  write_rate: 1
              queries:
                list: [disk full on node, connection refused, payment declined]
                top_k: 5
                rate_per_sec: 5
                warmup: 2
              freshness:
                interval_ms: 1000
                max_wait_secs: 20
                probe_interval_ms: 250
              relevance:
                needles: 1
                copies: 2
            """;

        var (exit, _, errors) = await GeneratorAppTests.RunAsync(yaml, "--summary", summaryFile.Path);

        Assert.True(exit == 0, errors);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, Ct));
        var bench = document.RootElement.GetProperty("bench");
        Assert.True(bench.GetProperty("preseed").GetProperty("index_build_secs").GetDouble() >= 0);
        // Every store settled before the first phase, in its own way, and timed.
        var settle = bench.GetProperty("preseed").GetProperty("settle");
        Assert.StartsWith("waited until green with the optimizer idle", settle.GetProperty("qdrant").GetProperty("action").GetString());
        Assert.Equal("_refresh", settle.GetProperty("elasticsearch").GetProperty("action").GetString());
        Assert.Equal("_refresh", settle.GetProperty("opensearch").GetProperty("action").GetString());
        Assert.True(bench.GetProperty("preseed").GetProperty("settle_secs").GetDouble() > 0);
        // The config names the collection and the indexes: they are used as named.
        Assert.All(bench.GetProperty("targets").EnumerateObject(), t => Assert.False(t.Value.GetProperty("made_for_run").GetBoolean()));
        Assert.Equal("bench", bench.GetProperty("targets").GetProperty("qdrant").GetProperty("name").GetString());
        foreach (var store in new[] { "qdrant", "elasticsearch", "opensearch" })
        {
            foreach (var mode in new[] { "vector", "keyword", "hybrid" })
            {
                foreach (var phase in bench.GetProperty("phases").EnumerateArray())
                {
                    var queries = phase.GetProperty("queries").GetProperty(store).GetProperty(mode);
                    var where = $"{store} {mode} {phase.GetProperty("name").GetString()}";
                    Assert.True(queries.GetProperty("count").GetInt64() > 0, $"{where}: no queries");
                    // Every query answered rightly; one may time out (5 s) on a machine whose cores are busy elsewhere.
                    var failures = queries.GetProperty("errors");
                    Assert.True(failures.GetProperty("refused").GetInt64() + failures.GetProperty("failed").GetInt64() + failures.GetProperty("not_sent").GetInt64() == 0, $"{where}: {queries}");
                    Assert.True(queries.GetProperty("p99_ms").GetDouble() > 0, $"{where}: no latency");
                }
                var freshness = bench.GetProperty("freshness").GetProperty(store).GetProperty(mode);
                Assert.True(freshness.GetProperty("markers").GetInt64() > 0, $"{store} {mode}: no markers");
                Assert.True(freshness.GetProperty("found").GetInt64() == freshness.GetProperty("markers").GetInt64(), $"{store} {mode}: {freshness}");
                Assert.Equal(0, freshness.GetProperty("missing").GetInt64());
            }
        }
        var settings = bench.GetProperty("freshness_settings");
        Assert.True(settings.GetProperty("qdrant").GetProperty("wait").GetBoolean());
        Assert.Equal("1s", settings.GetProperty("elasticsearch").GetProperty("refresh_interval").GetString());
        Assert.False(settings.GetProperty("elasticsearch").GetProperty("sink_refreshes").GetBoolean());
        Assert.Equal("1s", settings.GetProperty("opensearch").GetProperty("refresh_interval").GetString());
        Assert.True(opensearch.Searches > 0);
    }
}
