using System.Text.Json.Nodes;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.PgVector;
using Emitter.Tests.Fakes;
using Emitter.Tests.PgVector;
using Npgsql;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Bench;

/// <summary>
/// Stores on equal terms (issue 20.6), checked where it counts: in the request each server
/// receives. The fakes keep every search as it arrived; pgvector is the real server, asked what
/// its search connections ran and what their hnsw.ef_search did. Each mode under each match and
/// fetch, with a search width (77) no store uses by default, so a parameter left out shows.
/// </summary>
public class SearchRequestTests
{
    private const int Ef = 77;
    private const int TopK = 10;
    private const int Window = 2 * TopK;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SearchShape[] Shapes =
    [
        new(Ef, MatchMode.Any, FetchMode.Ids),
        new(Ef, MatchMode.All, FetchMode.Payload),
    ];

    [Fact]
    public async Task Qdrant_receives_hnsw_ef_on_every_dense_search_rrf_k_60_and_with_payload_as_fetched()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        // BM25 cannot require all words: match all is refused for Qdrant (SinkCatalog), so any only, with both fetches.
        foreach (var shape in new[] { Shapes[0], Shapes[0] with { Fetch = FetchMode.Payload } })
        {
            var (store, entries, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.Qdrant, ("url", server.Endpoint.ToString())), shape);
            await using var _ = store;
            var sent = await SendEachModeAsync(store, entries[7], () => server.QueryBodies.Last());
            var payload = shape.Fetch == FetchMode.Payload;

            var vector = sent[SearchMode.Vector];
            Assert.Equal(("dense", (ulong?)Ef, (ulong)TopK, payload), (vector.Using, vector.Params?.HnswEf, vector.Limit, vector.WithPayload.Enable));
            var keyword = sent[SearchMode.Keyword];
            Assert.Equal(("bm25", Query.VariantOneofCase.Nearest, payload), (keyword.Using, keyword.Query.VariantCase, keyword.WithPayload.Enable));
            Assert.Equal(VectorInput.VariantOneofCase.Document, keyword.Query.Nearest.VariantCase);
            var hybrid = sent[SearchMode.Hybrid];
            Assert.Equal((Query.VariantOneofCase.Rrf, true, 60u), (hybrid.Query.VariantCase, hybrid.Query.Rrf.HasK, hybrid.Query.Rrf.K));
            Assert.Equal((ulong)TopK, hybrid.Limit);
            Assert.Equal(payload, hybrid.WithPayload.Enable);
            Assert.Equal(new[] { ("bm25", (ulong)Window, (ulong?)null), ("dense", (ulong)Window, (ulong?)Ef) },
                hybrid.Prefetch.Select(p => (p.Using, p.Limit, p.Params?.HnswEf)).ToList());
        }
    }

    [Fact]
    public async Task Elasticsearch_receives_num_candidates_rank_constant_60_the_match_operator_and_source_as_fetched()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        server.License = "trial"; // RRF needs it (the server refuses it under basic)
        foreach (var shape in Shapes)
        {
            var (store, entries, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.Elasticsearch, ("url", server.Url.ToString())), shape);
            await using var _ = store;
            var sent = await SendEachModeAsync(store, entries[7], () => server.SearchBodies.Last());

            foreach (var body in sent.Values) AssertSource(shape, body);
            var knn = sent[SearchMode.Vector]["knn"] is JsonArray many ? many.Single()! : sent[SearchMode.Vector]["knn"]!;
            Assert.Equal(("dense", TopK, Ef), (Text(knn["field"]), Number(knn["k"]), Number(knn["num_candidates"])));
            AssertMatch(shape, sent[SearchMode.Keyword]["query"]);
            var rrf = sent[SearchMode.Hybrid]["retriever"]!["rrf"]!;
            Assert.Equal((60, Window), (Number(rrf["rank_constant"]), Number(rrf["rank_window_size"])));
            var retrievers = rrf["retrievers"]!.AsArray();
            AssertMatch(shape, retrievers[0]!["standard"]!["query"]);
            var hybridKnn = retrievers[1]!["knn"]!;
            Assert.Equal((Window, Ef), (Number(hybridKnn["k"]), Number(hybridKnn["num_candidates"])));
        }
    }

    [Fact]
    public async Task OpenSearch_receives_method_parameters_ef_search_rank_constant_60_the_match_operator_and_source_as_fetched()
    {
        await using var server = await FakeOpenSearchServer.StartAsync(cancellationToken: Ct);
        foreach (var shape in Shapes)
        {
            var (store, entries, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.OpenSearch, ("url", server.Url.ToString())), shape);
            await using var _ = store;
            var sent = await SendEachModeAsync(store, entries[7], () => server.SearchBodies.Last());

            foreach (var body in sent.Values) AssertSource(shape, body);
            var knn = sent[SearchMode.Vector]["query"]!["knn"]!["dense"]!;
            Assert.Equal((TopK, Ef), (Number(knn["k"]), Number(knn["method_parameters"]!["ef_search"])));
            AssertMatch(shape, sent[SearchMode.Keyword]["query"]);
            var hybrid = sent[SearchMode.Hybrid];
            var queries = hybrid["query"]!["hybrid"]!["queries"]!.AsArray();
            AssertMatch(shape, queries[0]);
            var hybridKnn = queries[1]!["knn"]!["dense"]!;
            Assert.Equal((Window, Ef, Window), (Number(hybridKnn["k"]), Number(hybridKnn["method_parameters"]!["ef_search"]), Number(hybrid["query"]!["hybrid"]!["pagination_depth"])));
            var combination = hybrid["search_pipeline"]!["phase_results_processors"]![0]!["score-ranker-processor"]!["combination"]!;
            Assert.Equal(("rrf", 60), (Text(combination["technique"]), Number(combination["rank_constant"])));
        }
    }

    /// <summary>
    /// pgvector: the SQL each search connection last ran, as pg_stat_activity shows it (the store's
    /// connections carry an application name of the test's), and hnsw.ef_search by its effect:
    /// without iterative scans (pgvector 0.8's default) an HNSW scan yields at most ef_search rows,
    /// so with ef 50 a search for 60 returns exactly 50, and with ef 60 all 60, where the server's
    /// default of 40 would give 40 to both.
    /// </summary>
    [Fact]
    public async Task PgVector_runs_each_search_on_connections_whose_hnsw_ef_search_is_the_benchs_ef_with_the_match_and_fetch_in_its_sql()
    {
        var table = PgVectorTestDatabase.NewTable("shape");
        var application = $"emitter-test-{table}";
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var pool = TestPools.Small(dimensions: 16);
            await using (var connection = await db.OpenConnectionAsync(Ct))
                Assert.Null(await PgVectorSchema.EnsureAsync(connection, table, pool.Embedding!, createIndexes: true, Ct));
            // 5,000 rows of random 16-dimensional vectors (seeded), messages of one shared word.
            await using (var fill = db.CreateCommand($"""
                SELECT setseed(0.2);
                INSERT INTO "{table}" (id, "timestamp", service, level, message, embedding)
                SELECT gen_random_uuid(), now(), 'api', 'INFO', 'request ' || i, ARRAY(SELECT random() FROM generate_series(1, 16) WHERE i > 0)::vector
                FROM generate_series(1, 5000) i;
                ANALYZE "{table}";
                """))
                await fill.ExecuteNonQueryAsync(Ct);

            var connectionString = new NpgsqlConnectionStringBuilder(PgVectorTestDatabase.ConnectionString) { ApplicationName = application }.ConnectionString;
            var config = SearchStoreChecks.Sink(SinkTypes.PgVector, ("connection_string", connectionString), ("table_name", table));
            var query = new float[16];
            query[3] = 1;

            foreach (var (ef, expected) in new[] { (50, 50), (60, 60) })
            {
                await using var store = await SearchStoreChecks.OpenAsync(config, pool, SearchShape.Default with { Ef = ef });
                Assert.Equal(expected, (await store.SearchAsync(SearchMode.Vector, "", query, 60, Ct)).Count);
                // The hybrid's vector side is limited by the same width; its text side matches nothing here.
                Assert.Equal(expected, (await store.SearchAsync(SearchMode.Hybrid, "zyxwvutsrq", query, 60, Ct)).Count);
            }

            foreach (var shape in Shapes)
            {
                await using var store = await SearchStoreChecks.OpenAsync(config, pool, shape);
                foreach (var mode in SearchModes.All)
                {
                    await store.SearchAsync(mode, "request failed", query, TopK, Ct);
                    var sql = await db.ScalarAsync<string>("SELECT query FROM pg_stat_activity WHERE application_name = $1 ORDER BY state_change DESC LIMIT 1", application);
                    Assert.Equal(shape.Fetch == FetchMode.Payload, sql.Contains("span_id", StringComparison.Ordinal)); // the last of the payload's columns
                    if (mode != SearchMode.Vector)
                        Assert.Equal(shape.Match == MatchMode.Any, sql.Contains("' & ', ' | '", StringComparison.Ordinal));
                    if (mode == SearchMode.Hybrid) Assert.Contains("1.0 / (60 + v.rank)", sql);
                }
            }
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    /// <summary>One search per mode (an entry's text and vector, top 10); what the server received for each.</summary>
    private static async Task<Dictionary<SearchMode, T>> SendEachModeAsync<T>(ISearchStore store, LogEntry known, Func<T> lastReceived)
    {
        var sent = new Dictionary<SearchMode, T>();
        foreach (var mode in SearchModes.All)
        {
            await store.SearchAsync(mode, known.Text, known.Message.Vector, TopK, Ct);
            sent[mode] = lastReceived();
        }
        return sent;
    }

    /// <summary>Ids: _source false; payload: every stored field but the vector.</summary>
    private static void AssertSource(SearchShape shape, JsonNode body)
    {
        var source = body["_source"];
        if (shape.Fetch == FetchMode.Ids) Assert.False(source!.GetValue<bool>());
        else Assert.Equal("dense", Assert.IsType<JsonObject>(source)["excludes"] is JsonArray fields ? Text(Assert.Single(fields)) : Text(source["excludes"]));
    }

    /// <summary>A match on message with the operator of the bench's match (the servers' default is or; all is sent as and).</summary>
    private static void AssertMatch(SearchShape shape, JsonNode? query)
    {
        var match = query!["match"]!["message"]!;
        Assert.Equal(shape.Match == MatchMode.All ? "and" : "or", Text(match["operator"])!.ToLowerInvariant());
    }

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    /// <summary>A number the request must carry (a parameter left out fails here, by name of the test's tuple).</summary>
    private static int Number(JsonNode? node)
    {
        Assert.NotNull(node);
        return node.GetValue<int>();
    }
}
