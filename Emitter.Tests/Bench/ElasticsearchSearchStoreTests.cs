using System.Text;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Bench;

/// <summary>The Elasticsearch search store against the fake Elasticsearch 9 (_search, retrievers, settings), after writes through the real sink.</summary>
public class ElasticsearchSearchStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Match_any_or_all_is_the_match_queries_operator_and_a_payload_fetch_ranks_as_an_ids_fetch()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        await SearchStoreChecks.AssertMatchAndFetchAsync(SearchStoreChecks.Sink(SinkTypes.Elasticsearch, ("url", server.Url.ToString()), ("index_name", "bench")));
    }

    [Fact]
    public async Task Refresh_interval_is_read_from_the_index_the_default_when_unset_and_the_sink_never_refreshes()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        var config = SearchStoreChecks.Sink(SinkTypes.Elasticsearch, ("url", server.Url.ToString()));
        var (unset, _, _) = await SearchStoreChecks.WriteThenOpenAsync(config);
        await using (unset)
        {
            Assert.Equal(new Dictionary<string, object> { ["sink_refreshes"] = false, ["refresh_interval"] = "1s" }, unset.FreshnessSettings);
            Assert.True(await unset.BuildIndexesAsync(Ct)); // one _refresh
        }

        using var http = new HttpClient { BaseAddress = server.Url };
        (await http.PutAsync("/logs/_settings", new StringContent("""{"index":{"refresh_interval":"30s"}}""", Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        var (set, _, _) = await SearchStoreChecks.WriteThenOpenAsync(config);
        await using (set) Assert.Equal("30s", set.FreshnessSettings["refresh_interval"]);
    }

    [Fact]
    public async Task A_hybrid_search_the_licence_refuses_fails_with_the_servers_reason_in_one_line()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(user: "elastic", password: "hunter2-secret", cancellationToken: Ct);
        var (store, entries, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.Elasticsearch,
            ("url", server.Url.ToString()), ("user", "elastic"), ("password", "hunter2-secret")));
        await using var _ = store;

        Assert.NotEmpty(await store.SearchAsync(SearchMode.Keyword, entries[0].Text, entries[0].Message.Vector, 5, Ct));
        var error = await Assert.ThrowsAsync<ElasticsearchSearchException>(() => store.SearchAsync(SearchMode.Hybrid, entries[0].Text, entries[0].Message.Vector, 5, Ct));
        Assert.StartsWith($"Elasticsearch at {server.Url} refused the hybrid (RRF) query with HTTP 403 \"current license is non-compliant for [Reciprocal Rank Fusion (RRF)]\": RRF needs an active trial or enterprise licence", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Equal(403, error.Status);
    }

    [Fact]
    public async Task An_expired_trial_licence_refuses_every_hybrid_query_and_the_bench_counts_them_refused_with_the_licence_line()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        server.License = "trial";
        server.LicenseExpired = true; // 30 days after the app host's Elasticsearch first started on its data volume
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var yaml = $"""
            message_pool_size: 40
            flush_interval_ms: 100
            embedding:
              cache_dir: {cache.Directory}
            sinks:
              - type: elasticsearch
                url: {server.Url}
                index_name: expired
            services:
              - name: api
                rate_per_sec: 20
            bench:
              phases:
                - name: writes
                  duration_secs: 1
                  write_rate: 1
              queries:
                modes: [keyword, hybrid]
                rate_per_sec: 10
                warmup: 0
              freshness:
                interval_ms: 0
              relevance:
                needles: 0
            """;

        var (exit, _, errors) = await Cli.GeneratorAppTests.RunAsync(yaml, "--summary", summaryFile.Path);

        Assert.True(exit == 0, errors);
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, Ct));
        var queries = document.RootElement.GetProperty("bench").GetProperty("phases")[0].GetProperty("queries").GetProperty("elasticsearch");
        var hybrid = queries.GetProperty("hybrid").GetProperty("errors");
        Assert.True(hybrid.GetProperty("refused").GetInt64() > 0, hybrid.ToString());
        Assert.Equal(hybrid.GetProperty("total").GetInt64(), hybrid.GetProperty("refused").GetInt64());
        var first = hybrid.GetProperty("first").GetProperty("refused").GetString()!;
        Assert.Contains("refused the hybrid (RRF) query", first);
        Assert.Contains("licence", first);
        Assert.Contains("leave hybrid out of bench.queries.modes", first);
        Assert.Equal(0, queries.GetProperty("keyword").GetProperty("errors").GetProperty("total").GetInt64()); // only RRF needs the licence
        TestContext.Current.TestOutputHelper?.WriteLine($"{hybrid.GetProperty("refused")} refused; first: {first}");
    }

    [Fact]
    public async Task Settings_it_may_not_read_are_recorded_as_unknown_with_the_reason_and_a_refused_refresh_stops_the_run_in_one_line()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        var (store, _, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.Elasticsearch, ("url", server.Url.ToString())));
        await using var _ = store;
        server.Indices.Clear(); // as if deleted under the run: every index request now answers 404

        await store.InitializeAsync(new SinkContext(TestPools.Small(), TestPools.Small().Embedding!), Ct);
        Assert.Equal("unknown: could not read the settings of index 'logs': HTTP 404 index_not_found_exception: no such index [logs]", store.FreshnessSettings["refresh_interval"]);
        var error = await Assert.ThrowsAsync<SinkSetupException>(() => store.BuildIndexesAsync(Ct));
        Assert.StartsWith("Sink elasticsearch: could not refresh Elasticsearch index 'logs' at ", error.Message);
        Assert.EndsWith("after the pre-seed: HTTP 404 index_not_found_exception: no such index [logs]", error.Message);
    }
}
