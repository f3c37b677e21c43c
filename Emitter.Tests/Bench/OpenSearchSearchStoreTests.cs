using System.Text;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Bench;

/// <summary>The OpenSearch search store against the fake OpenSearch 3.8 (k-NN, match, hybrid with an RRF pipeline, settings), after writes through the real sink.</summary>
public class OpenSearchSearchStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_mode_ranks_the_entry_of_an_exact_text_and_vector_first_over_the_sinks_tls_credentials_and_index()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(user: "admin", password: "Adm1n-pass!", tls: true, cancellationToken: Ct);
        var (store, entries, pool) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.OpenSearch,
            ("url", server.Url.ToString()), ("user", "admin"), ("password", "Adm1n-pass!"), ("skip_cert", "true"), ("index_name", "bench")));
        await using var _ = store;
        var searchesBefore = server.Searches;

        await SearchStoreChecks.AssertEachModeFindsTheExactEntryFirstAsync(store, entries, pool);
        Assert.Equal(2 * 3, server.Searches - searchesBefore); // two entries, one search per mode: the fusion is the server's
    }

    [Fact]
    public async Task Match_any_or_all_is_the_match_queries_operator_and_a_payload_fetch_ranks_as_an_ids_fetch()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(cancellationToken: Ct);
        await SearchStoreChecks.AssertMatchAndFetchAsync(SearchStoreChecks.Sink(SinkTypes.OpenSearch, ("url", server.Url.ToString()), ("index_name", "bench")));
    }

    [Fact]
    public async Task Hybrid_is_the_servers_reciprocal_rank_fusion_of_the_text_and_vector_rankings()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(cancellationToken: Ct);
        var (store, entries, pool) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.OpenSearch, ("url", server.Url.ToString())));
        await using var _ = store;
        // A text that matches one entry's words and the vector of another.
        var (byText, byVector) = (entries[3], entries[16]);
        var vector = EmbeddingJitterOf(byVector, pool);

        // Each side as the hybrid's sub-queries rank it: twice top_k deep.
        var text = await store.SearchAsync(SearchMode.Keyword, byText.Text, vector, 10, Ct);
        var knn = await store.SearchAsync(SearchMode.Vector, byText.Text, vector, 10, Ct);
        var hybrid = await store.SearchAsync(SearchMode.Hybrid, byText.Text, vector, 5, Ct);

        Assert.Equal(byText.Id, text[0]);
        Assert.Equal(byVector.Id, knn[0]);
        // Reciprocal rank fusion, rank constant 60: each document's sum of 1 / (60 + rank) over the two rankings.
        var fused = text.Select((id, i) => (id, i)).Concat(knn.Select((id, i) => (id, i)))
            .GroupBy(p => p.id).ToDictionary(g => g.Key, g => g.Sum(p => 1.0 / (60 + p.i + 1)));
        var best = fused.Values.OrderDescending().Take(5).ToList();
        Assert.Equal(5, hybrid.Count);
        Assert.Equal(best, hybrid.Select(id => fused[id]).ToList()); // the top five by fused score, in order (equal scores in either order)
    }

    [Fact]
    public async Task Refresh_interval_is_read_from_the_index_the_default_when_unset_and_the_sink_never_refreshes()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(cancellationToken: Ct);
        var config = SearchStoreChecks.Sink(SinkTypes.OpenSearch, ("url", server.Url.ToString()));
        var (store, _, pool) = await SearchStoreChecks.WriteThenOpenAsync(config);
        await using var _ = store;
        Assert.Equal(new Dictionary<string, object> { ["sink_refreshes"] = false, ["refresh_interval"] = "1s" }, store.FreshnessSettings);
        Assert.True(await store.BuildIndexesAsync(Ct)); // one _refresh

        using var http = new HttpClient { BaseAddress = server.Url };
        (await http.PutAsync("/logs/_settings", new StringContent("""{"index":{"refresh_interval":"30s"}}""", Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        await store.InitializeAsync(new SinkContext(pool, pool.Embedding!), Ct);
        Assert.Equal("30s", store.FreshnessSettings["refresh_interval"]);
    }

    [Fact]
    public async Task A_search_the_server_refuses_fails_in_one_line_without_credentials_and_a_refused_refresh_stops_the_run()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(user: "admin", password: "hunter2-Secret!", cancellationToken: Ct);
        var (store, entries, pool) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.OpenSearch,
            ("url", server.Url.ToString()), ("user", "admin"), ("password", "hunter2-Secret!")));
        await using var _ = store;

        server.FailNextSearches(1, 429);
        var error = await Assert.ThrowsAsync<OpenSearchSearchException>(() => store.SearchAsync(SearchMode.Keyword, entries[0].Text, entries[0].Message.Vector, 5, Ct));
        Assert.Equal("HTTP 429 rejected_execution_exception: rejected execution of search", error.Message);
        Assert.NotEmpty(await store.SearchAsync(SearchMode.Keyword, entries[0].Text, entries[0].Message.Vector, 5, Ct));

        var wrongLength = new float[pool.Embedding!.Dimensions + 1];
        var dimensions = await Assert.ThrowsAsync<OpenSearchSearchException>(() => store.SearchAsync(SearchMode.Vector, "", wrongLength, 5, Ct));
        Assert.Equal($"HTTP 400 illegal_argument_exception: Query vector has invalid dimension: {wrongLength.Length}. Dimension should be: {pool.Embedding.Dimensions}", dimensions.Message);

        server.Indices.Clear(); // as if deleted under the run
        await store.InitializeAsync(new SinkContext(pool, pool.Embedding), Ct);
        Assert.Equal("unknown: could not read the settings of index 'logs': HTTP 404 index_not_found_exception: no such index [logs]", store.FreshnessSettings["refresh_interval"]);
        var refused = await Assert.ThrowsAsync<SinkSetupException>(() => store.BuildIndexesAsync(Ct));
        Assert.EndsWith("after the pre-seed: HTTP 404 index_not_found_exception: no such index [logs]", refused.Message);
        Assert.DoesNotContain("hunter2", refused.Message + error.Message);
    }

    private static ReadOnlyMemory<float> EmbeddingJitterOf(Emitter.Generator.Model.LogEntry entry, Emitter.Generator.Model.MessagePool pool) =>
        Emitter.Generator.Embedding.EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, pool.Embedding!.Jitter);
}
