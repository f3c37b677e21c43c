using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake's <c>_search</c> through the official client (and raw JSON where a body is the original
/// clients'), against expectations computed by hand on three documents:
/// d1 "disk full on node" (a, ERROR, [1,0]), d2 "disk usage normal" (b, INFO, [0,1]),
/// d3 "node restarted after disk error disk" (a, WARN, [0.6,0.8]).
/// BM25 of "disk node" (N 3, avgdl 13/3, k1 1.2, b 0.75; lengths this short are stored exactly by Lucene):
/// d1 0.283247, d3 0.259904, d2 0.069436. kNN of [0,1], cosine as (1 + cos) / 2: d2 1, d3 0.9, d1 0.5.
/// </summary>
public class FakeElasticsearchSearchTests
{
    private const double D1Text = 0.283247, D2Text = 0.069436, D3Text = 0.259904;
    private static readonly float[] Up = [0, 1];

    private sealed record LogDocument(
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("service")] string Service,
        [property: JsonPropertyName("level")] string Level);

    private static async Task<(FakeElasticsearchServer Server, ElasticsearchClient Client)> StartAsync(string license = "trial")
    {
        var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.License = license;
        using var http = new HttpClient { BaseAddress = server.Url };
        await http.PutAsync("/logs", new StringContent("""
            {"mappings":{"properties":{"message":{"type":"text"},"service":{"type":"keyword"},"level":{"type":"keyword"},
             "dense":{"type":"dense_vector","dims":2,"index":true,"similarity":"cosine"}}}}
            """, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var bulk = """
            {"index":{"_id":"d1"}}
            {"message":"disk full on node","service":"a","level":"ERROR","dense":[1,0]}
            {"index":{"_id":"d2"}}
            {"message":"disk usage normal","service":"b","level":"INFO","dense":[0,1]}
            {"index":{"_id":"d3"}}
            {"message":"node restarted after disk error disk","service":"a","level":"WARN","dense":[0.6,0.8]}

            """.Replace("\r", "");
        (await http.PostAsync("/logs/_bulk", new StringContent(bulk, Encoding.UTF8, "application/x-ndjson"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await http.PostAsync("/logs/_refresh", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode(); // searchable from the next refresh, as on the server
        return (server, new ElasticsearchClient(new ElasticsearchClientSettings(server.Url)));
    }

    private static Query Match(string text) => new MatchQuery("message", text);

    private static Retriever Rrf(int k) => new()
    {
        Rrf = new RRFRetriever
        {
            Retrievers =
            [
                new Retriever { Standard = new StandardRetriever { Query = Match("disk node") } },
                new Retriever { Knn = new KnnRetriever { Field = "dense", K = k, NumCandidates = 10, QueryVector = Up } },
            ],
        },
    };

    private static async Task<JsonNode> RawAsync(ElasticsearchClient client, string body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.Transport.RequestAsync<StringResponse>(Elastic.Transport.HttpMethod.POST, "/logs/_search", PostData.String(body), TestContext.Current.CancellationToken);
        Assert.True(response.ApiCallDetails.HttpStatusCode == (int)expected, response.Body);
        return JsonNode.Parse(response.Body)!;
    }

    private static (string Id, double Score)[] Hits(JsonNode response) =>
        [.. response["hits"]!["hits"]!.AsArray().Select(h => (h!["_id"]!.GetValue<string>(), h["_score"]!.GetValue<double>()))];

    [Fact]
    public async Task Match_ranks_by_bm25_with_lucene_defaults()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        var response = await client.SearchAsync<LogDocument>(new SearchRequest("logs") { Query = Match("Disk NODE") }, TestContext.Current.CancellationToken);

        Assert.True(response.IsValidResponse, response.DebugInformation);
        Assert.Equal(["d1", "d3", "d2"], response.Hits.Select(h => h.Id));
        Assert.Equal([D1Text, D3Text, D2Text], response.Hits.Select(h => Math.Round(h.Score!.Value, 6)));
        Assert.Equal("disk full on node", response.Documents.First().Message);
    }

    [Fact]
    public async Task Bool_filters_on_level_and_service_with_terms_keep_the_text_scores()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        var response = await client.SearchAsync<LogDocument>(new SearchRequest("logs")
        {
            Query = new BoolQuery
            {
                Must = [Match("disk node")],
                Filter = [new TermsQuery { Field = "level", Terms = new TermsQueryField([FieldValue.String("ERROR"), FieldValue.String("INFO")]) },
                          new TermsQuery { Field = "service", Terms = new TermsQueryField([FieldValue.String("b")]) }],
            },
        }, TestContext.Current.CancellationToken);

        Assert.True(response.IsValidResponse, response.DebugInformation);
        Assert.Equal([("d2", D2Text)], response.Hits.Select(h => (h.Id!, Math.Round(h.Score!.Value, 6))));
    }

    [Fact]
    public async Task Terms_aggregations_count_services_and_levels_by_count_then_key()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        var response = await client.SearchAsync<LogDocument>(new SearchRequest("logs")
        {
            Size = 0,
            Aggregations = new Dictionary<string, Aggregation>
            {
                ["services"] = new() { Terms = new TermsAggregation { Field = "service", Size = 50 } },
                ["levels"] = new() { Terms = new TermsAggregation { Field = "level", Size = 10 } },
            },
        }, TestContext.Current.CancellationToken);

        Assert.True(response.IsValidResponse, response.DebugInformation);
        Assert.Empty(response.Hits);
        Assert.Equal([("a", 2L), ("b", 1L)], response.Aggregations!.GetStringTerms("services")!.Buckets.Select(b => (b.Key.ToString(), b.DocCount)));
        Assert.Equal(["ERROR", "INFO", "WARN"], response.Aggregations!.GetStringTerms("levels")!.Buckets.Select(b => b.Key.ToString()));
    }

    [Fact]
    public async Task An_rrf_retriever_fuses_match_and_knn_ranks_with_rank_constant_60()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        // Text ranks d1, d3, d2; knn (k 2) ranks d2, d3. RRF: d2 1/63 + 1/61, d3 2/62, d1 1/61.
        var response = await client.SearchAsync<LogDocument>(new SearchRequest("logs") { Retriever = Rrf(k: 2) }, TestContext.Current.CancellationToken);

        Assert.True(response.IsValidResponse, response.DebugInformation);
        Assert.Equal(["d2", "d3", "d1"], response.Hits.Select(h => h.Id));
        Assert.Equal([1.0 / 63 + 1.0 / 61, 2.0 / 62, 1.0 / 61], response.Hits.Select(h => h.Score!.Value), new ToleranceComparer(1e-9));
    }

    [Fact]
    public async Task Qstorms_match_knn_and_rank_rrf_body_fuses_like_the_retriever()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        var hits = Hits(await RawAsync(client, OriginalClientBodies.QstormHybrid("disk node", Up, topK: 2)));
        Assert.Equal(["d2", "d3"], hits.Select(h => h.Id));
        Assert.Equal(1.0 / 63 + 1.0 / 61, hits[0].Score, 9);

        Assert.Equal(["d2", "d3"], Hits(await RawAsync(client, OriginalClientBodies.QstormVector(Up, topK: 2))).Select(h => h.Id));
        Assert.Equal(["d1", "d3"], Hits(await RawAsync(client, OriginalClientBodies.QstormKeyword("disk node", topK: 2))).Select(h => h.Id));
    }

    [Fact]
    public async Task The_web_uis_search_requires_knn_and_match_sums_their_scores_and_filters_after_knn()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;

        // Without filters: knn d2 1, d3 0.9, d1 0.5 plus text; d2 matches "disk" too.
        var all = Hits(await RawAsync(client, OriginalClientBodies.WebUiSearch("disk node", Up, null, null)));
        Assert.Equal([("d3", Math.Round(0.9 + D3Text, 6)), ("d2", Math.Round(1 + D2Text, 6)), ("d1", Math.Round(0.5 + D1Text, 6))], all.Select(h => (h.Id, Math.Round(h.Score, 6))));

        var filtered = Hits(await RawAsync(client, OriginalClientBodies.WebUiSearch("disk node", Up, ["ERROR", "WARN"], ["a"])));
        Assert.Equal([("d3", Math.Round(0.9 + D3Text, 6)), ("d1", Math.Round(0.5 + D1Text, 6))], filtered.Select(h => (h.Id, Math.Round(h.Score, 6))));

        // The bool's filters are not knn pre-filters at 9.1.5: with k 1, knn keeps d2 alone, which the level filter then drops.
        Assert.Empty(Hits(await RawAsync(client, OriginalClientBodies.WebUiSearch("disk node", Up, ["ERROR", "WARN"], ["a"], limit: 1))));
    }

    [Fact]
    public async Task The_web_uis_filter_lists_come_from_its_terms_aggregations()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        var aggregations = (await RawAsync(client, OriginalClientBodies.WebUiFilters))["aggregations"]!;
        Assert.Equal(["a", "b"], aggregations["services"]!["buckets"]!.AsArray().Select(b => b!["key"]!.GetValue<string>()));
        Assert.Equal(["ERROR", "INFO", "WARN"], aggregations["levels"]!["buckets"]!.AsArray().Select(b => b!["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rrf_under_a_basic_licence_is_refused_as_the_server_refuses_it()
    {
        var (server, client) = await StartAsync(license: "basic");
        await using var _ = server;
        foreach (var body in new[] { OriginalClientBodies.QstormHybrid("disk node", Up, 2), """{"retriever":{"rrf":{"retrievers":[{"standard":{"query":{"match_all":{}}}}]}}}""" })
        {
            var error = (await RawAsync(client, body, HttpStatusCode.Forbidden))["error"]!;
            Assert.Equal("security_exception", error["type"]!.GetValue<string>());
            Assert.Equal("current license is non-compliant for [Reciprocal Rank Fusion (RRF)]", error["reason"]!.GetValue<string>());
        }
        Assert.True((await client.SearchAsync<LogDocument>(new SearchRequest("logs") { Query = Match("disk") }, TestContext.Current.CancellationToken)).IsValidResponse);
    }

    [Fact]
    public async Task Rank_window_size_below_size_is_refused()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        var error = (await RawAsync(client, """{"size":20,"query":{"match":{"message":"disk"}},"knn":{"field":"dense","query_vector":[0,1],"k":2,"num_candidates":20},"rank":{"rrf":{}}}""",
            HttpStatusCode.BadRequest))["error"]!;
        Assert.Contains("[rank_window_size: 10] be greater than or equal to [size: 20]", error["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Injected_query_latency_holds_the_answer_until_that_much_time_has_passed()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        var time = new FakeTimeProvider();
        server.Time = time;
        server.Queries.FixedLatency(TimeSpan.FromMilliseconds(250));

        var search = client.SearchAsync<LogDocument>(new SearchRequest("logs") { Query = Match("disk") }, TestContext.Current.CancellationToken);
        while (server.Queries.Waiting == 0 && !search.IsCompleted) await Task.Delay(10, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(search.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True((await search).IsValidResponse);
    }

    [Fact]
    public void Drawn_latency_repeats_for_a_seed_and_centres_on_its_median()
    {
        static TimeSpan[] Draws(int seed)
        {
            var faults = new FakeElasticsearchQueryFaults();
            faults.LogNormalLatency(TimeSpan.FromMilliseconds(20), sigma: 0.5, seed);
            return [.. Enumerable.Range(0, 1001).Select(_ => faults.NextLatency())];
        }

        var draws = Draws(7);
        Assert.Equal(draws, Draws(7));
        Assert.NotEqual(draws, Draws(8));
        var median = draws.Order().ElementAt(500).TotalMilliseconds;
        Assert.InRange(median, 17, 23);
    }

    [Fact]
    public async Task Injected_search_failures_answer_429_and_503_then_searches_succeed()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        server.Queries.FailNext(1, 429);
        server.Queries.FailNext(1, 503);

        var statuses = new List<int?>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await client.SearchAsync<LogDocument>(new SearchRequest("logs") { Query = Match("disk") }, TestContext.Current.CancellationToken)).ApiCallDetails.HttpStatusCode);

        Assert.Equal([429, 503, 200], statuses);
        Assert.Equal(3, server.Queries.Searches);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
