using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Sinks;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake answers, through the official client, what Qdrant v1.19.0 answers (each behaviour's
/// source file is named in the fake), so a sink cannot pass here and fail against the real server.
/// </summary>
public class FakeQdrantServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly EmbeddingInfo TwoDimensions = new("test", "model-a", 2, 0);

    private sealed record Row(ulong Id, float[] Dense, string Text, string Level = "INFO", string Service = "api");

    /// <summary>Collection "t" in the sink's layout (dense 2-d cosine, bm25 with IDF) holding <paramref name="rows"/>.</summary>
    private static async Task<QdrantClient> CollectionAsync(FakeQdrantServer server, params Row[] rows)
    {
        var client = new QdrantClient(server.Endpoint, server.ApiKey);
        await client.CreateCollectionAsync(QdrantSchema.Collection("t", TwoDimensions), cancellationToken: Ct);
        var points = rows.Select(r =>
        {
            var point = new PointStruct { Id = r.Id, Vectors = new Vectors { Vectors_ = new NamedVectors() } };
            point.Vectors.Vectors_.Vectors[QdrantSchema.DenseVector] = r.Dense;
            point.Vectors.Vectors_.Vectors[QdrantSchema.SparseVector] = new Document { Text = r.Text, Model = QdrantSchema.Bm25Model };
            point.Payload["message"] = r.Text;
            point.Payload["level"] = r.Level;
            point.Payload["service"] = r.Service;
            return point;
        }).ToList();
        await client.UpsertAsync("t", points, cancellationToken: Ct);
        return client;
    }

    private static readonly Row[] Four =
    [
        new(1, [1, 0], "Disk full on node", "ERROR", "storage"),
        new(2, [0.8f, 0.6f], "Connection refused by upstream", "WARN", "api"),
        new(3, [0, 1], "Disk quota exceeded", "ERROR", "api"),
        new(4, [0.6f, 0.8f], "User logged in", "INFO", "auth"),
    ];

    private static ulong[] Ids(IEnumerable<ScoredPoint> hits) => [.. hits.Select(h => h.Id.Num)];

    [Fact]
    public async Task Health_reports_the_pinned_version_without_an_api_key_and_the_version_can_be_set()
    {
        await using var server = await FakeQdrantServer.StartAsync("the-key", Ct);
        using var client = new QdrantClient(server.Endpoint); // no key: HealthCheck needs none
        Assert.Equal(FakeQdrantServer.PinnedVersion, (await client.HealthAsync(Ct)).Version);

        server.Version = "1.15.2";
        Assert.Equal("1.15.2", (await client.HealthAsync(Ct)).Version);
    }

    [Fact]
    public async Task A_second_create_of_a_collection_is_AlreadyExists_with_the_servers_message()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        using var client = new QdrantClient(server.Endpoint);
        await client.CreateCollectionAsync(QdrantSchema.Collection("t", TwoDimensions), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateCollectionAsync(QdrantSchema.Collection("t", TwoDimensions), cancellationToken: Ct));
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal("Wrong input: Collection `t` already exists!", error.Status.Detail);
    }

    [Fact]
    public async Task No_api_key_and_a_wrong_one_are_Unauthenticated_with_the_servers_messages()
    {
        await using var server = await FakeQdrantServer.StartAsync("the-key", Ct);
        using var none = new QdrantClient(server.Endpoint);
        using var wrong = new QdrantClient(server.Endpoint, "another-key");
        using var right = new QdrantClient(server.Endpoint, "the-key");

        var missing = await Assert.ThrowsAsync<RpcException>(() => none.CollectionExistsAsync("t", Ct));
        Assert.Equal((StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token"), (missing.StatusCode, missing.Status.Detail));
        var refused = await Assert.ThrowsAsync<RpcException>(() => wrong.CollectionExistsAsync("t", Ct));
        Assert.Equal((StatusCode.Unauthenticated, "Invalid API key or JWT"), (refused.StatusCode, refused.Status.Detail));
        Assert.False(await right.CollectionExistsAsync("t", Ct));
    }

    [Fact]
    public async Task Collection_metadata_is_returned_in_its_info_and_dropped_by_a_server_before_1_16()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        using var client = new QdrantClient(server.Endpoint);
        await client.CreateCollectionAsync(QdrantSchema.Collection("new", TwoDimensions), cancellationToken: Ct);
        var info = await client.GetCollectionInfoAsync("new", Ct);
        Assert.Equal("model-a", info.Config.Metadata["embedding_model"].StringValue);
        Assert.Equal(2, info.Config.Metadata["embedding_dimensions"].IntegerValue);

        server.Version = "1.15.2";
        await client.CreateCollectionAsync(QdrantSchema.Collection("old", TwoDimensions), cancellationToken: Ct);
        Assert.Empty((await client.GetCollectionInfoAsync("old", Ct)).Config.Metadata);
    }

    [Fact]
    public void Bm25_tokens_are_lowercased_words_without_english_stop_words_stemmed()
    {
        Assert.Equal(["connect", "refus", "connect", "databas", "10", "0", "0", "5", "5432"],
            FakeQdrantBm25.Tokens("Connection REFUSED while connecting to the database at 10.0.0.5:5432"));
    }

    [Fact]
    public async Task A_plain_dense_query_ranks_by_cosine_and_finds_a_stored_vector_first()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        using var client = await CollectionAsync(server, Four);

        var hits = await client.QueryAsync("t", query: new float[] { 0.6f, 0.8f }, usingVector: QdrantSchema.DenseVector, cancellationToken: Ct);
        Assert.Equal([4ul, 2, 3, 1], Ids(hits));
        Assert.Equal(1f, hits[0].Score, 5);
        Assert.Equal(0.96f, hits[1].Score, 5); // 0.8·0.6 + 0.6·0.8
    }

    [Fact]
    public async Task A_plain_bm25_document_query_finds_only_points_sharing_a_stemmed_word_ranked_by_idf()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        using var client = await CollectionAsync(server, Four);

        var hits = await client.QueryAsync("t", query: new Document { Text = "disks quota", Model = QdrantSchema.Bm25Model },
            usingVector: QdrantSchema.SparseVector, payloadSelector: true, cancellationToken: Ct);
        Assert.Equal([3ul, 1], Ids(hits)); // 3 has both words; 1 only "disk"; 2 and 4 none
        // idf(disk) = ln((4 - 2 + 0.5)/(2 + 0.5) + 1) = ln 2; a 3-token document of avg_len 256 weighs one occurrence
        // 2.2/(1 + 1.2·(0.25 + 0.75·3/256)).
        var weight = 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / 256.0));
        Assert.Equal(Math.Log(2) * weight, hits[1].Score, 5);
        Assert.Equal("Disk full on node", hits[1].Payload["message"].StringValue);
    }

    [Fact]
    public async Task Rrf_fuses_the_prefetches_by_rank_with_the_servers_k_of_2()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        using var client = await CollectionAsync(server, Four);

        var hits = await client.QueryAsync("t", query: Fusion.Rrf, prefetch:
            [
                new PrefetchQuery { Query = new float[] { 1, 0 }, Using = QdrantSchema.DenseVector, Limit = 10 }, // 1, 2, 4, 3
                new PrefetchQuery { Query = new Document { Text = "disk quota", Model = QdrantSchema.Bm25Model }, Using = QdrantSchema.SparseVector, Limit = 10 }, // 3, 1
            ], cancellationToken: Ct);

        // 1/(rank + 2) summed: 1 = 1/2 + 1/3, 3 = 1/5 + 1/2, 2 = 1/3, 4 = 1/4.
        Assert.Equal([1ul, 3, 2, 4], Ids(hits));
        Assert.Equal([5 / 6.0, 0.7, 1 / 3.0, 0.25], hits.Select(h => (double)h.Score), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public async Task Filters_on_level_and_service_restrict_every_prefetch_and_limit_cuts_the_fused_list()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        using var client = await CollectionAsync(server, Four);

        var errors = await client.QueryAsync("t", query: new float[] { 1, 0 }, usingVector: QdrantSchema.DenseVector,
            filter: Conditions.MatchKeyword("level", "ERROR"), cancellationToken: Ct);
        Assert.Equal([1ul, 3], Ids(errors));

        var anyOf = new Filter();
        anyOf.Must.Add(Conditions.Match("service", ["api", "auth"]));
        anyOf.Must.Add(Conditions.Match("level", ["WARN", "INFO", "ERROR"]));
        var fused = await client.QueryAsync("t", query: Fusion.Rrf, filter: anyOf, limit: 2, prefetch:
            [
                new PrefetchQuery { Query = new float[] { 1, 0 }, Using = QdrantSchema.DenseVector },
                new PrefetchQuery { Query = new Document { Text = "disk", Model = QdrantSchema.Bm25Model }, Using = QdrantSchema.SparseVector },
            ], cancellationToken: Ct);
        // Point 1 (storage) is filtered out of both prefetches: 2 = 1/2, 3 = 1/4 + 1/2 (only "disk" match left), 4 = 1/3.
        Assert.Equal([3ul, 2], Ids(fused));
    }

    [Fact]
    public async Task An_exact_log_line_ranks_the_entries_of_that_message_first_by_bm25()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 400);
        var sink = new QdrantSink("qdrant", new QdrantSinkOptions { Endpoint = server.Endpoint }, TimeProvider.System, NullLoggerFactory.Instance);
        await SinkDrive.RunAsync(sink, pool, entries);

        using var client = new QdrantClient(server.Endpoint);
        var known = pool.Messages[7];
        var copies = entries.Count(e => e.Text == known.Text);
        Assert.True(copies > 1, "the pool should repeat the known message");
        var hits = await client.QueryAsync("logs", query: new Document { Text = known.Text, Model = QdrantSchema.Bm25Model },
            usingVector: QdrantSchema.SparseVector, limit: (ulong)copies + 5, payloadSelector: true, cancellationToken: Ct);

        Assert.All(hits.Take(copies), h => Assert.Equal(known.Text, h.Payload["message"].StringValue));
        Assert.All(hits.Skip(copies), h => Assert.NotEqual(known.Text, h.Payload["message"].StringValue));
    }

    [Fact]
    public async Task Injected_latency_holds_a_query_until_the_servers_clock_has_moved()
    {
        var time = new FakeTimeProvider();
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct, time: time);
        using var client = await CollectionAsync(server, Four);
        server.DelayQueries(FakeQdrantLatency.Fixed(TimeSpan.FromMilliseconds(250)));
        var delayed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.QueryDelayed += () => delayed.TrySetResult();

        var query = client.QueryAsync("t", query: new float[] { 1, 0 }, usingVector: QdrantSchema.DenseVector, cancellationToken: Ct);
        await delayed.Task.WaitAsync(Ct);
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(query.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1ul, (await query)[0].Id.Num);
    }

    [Fact]
    public void Drawn_latencies_repeat_with_the_seed_and_follow_their_distribution()
    {
        static TimeSpan[] Draw(FakeQdrantLatency latency) => [.. Enumerable.Range(0, 10_000).Select(_ => latency.Next())];
        var median = TimeSpan.FromMilliseconds(20);

        var first = Draw(FakeQdrantLatency.LogNormal(median, 0.5, seed: 7));
        Assert.Equal(first, Draw(FakeQdrantLatency.LogNormal(median, 0.5, seed: 7)));
        Assert.NotEqual(first, Draw(FakeQdrantLatency.LogNormal(median, 0.5, seed: 8)));
        Assert.InRange(first.Order().ElementAt(5_000).TotalMilliseconds, 19, 21);

        var uniform = Draw(FakeQdrantLatency.Uniform(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), seed: 1));
        Assert.All(uniform, d => Assert.InRange(d.TotalMilliseconds, 5, 10));
        Assert.InRange(Draw(FakeQdrantLatency.Exponential(median, seed: 1)).Average(d => d.TotalMilliseconds), 19, 21);
    }

    [Fact]
    public async Task Injected_query_failures_come_first_as_queued_then_as_a_seeded_fraction()
    {
        async Task<string> PatternAsync(int seed)
        {
            await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
            using var client = await CollectionAsync(server, Four);
            server.FailNextQueries(2, StatusCode.ResourceExhausted);
            server.FailQueries(0.3, seed);
            var pattern = new System.Text.StringBuilder();
            for (var i = 0; i < 30; i++)
            {
                try
                {
                    await client.QueryAsync("t", query: new float[] { 1, 0 }, usingVector: QdrantSchema.DenseVector, cancellationToken: Ct);
                    pattern.Append('.');
                }
                catch (RpcException e)
                {
                    pattern.Append(e.StatusCode == StatusCode.ResourceExhausted ? 'R' : e.StatusCode == StatusCode.Unavailable ? 'U' : '?');
                }
            }
            Assert.Equal(30, server.QueryRequests);
            return pattern.ToString();
        }

        var pattern = await PatternAsync(seed: 3);
        Assert.StartsWith("RR", pattern);
        Assert.Contains('U', pattern[2..]);
        Assert.Contains('.', pattern[2..]);
        Assert.Equal(pattern, await PatternAsync(seed: 3));
    }
}
