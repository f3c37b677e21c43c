using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Sinks;

/// <summary>The Qdrant sink with the official client against the fake Qdrant (gRPC on loopback).</summary>
public class QdrantSinkTests
{
    private static QdrantSink Sink(FakeQdrantServer server, string collection = "logs", TimeSpan? timeout = null, string? apiKey = null, int batchSize = 128) =>
        new("qdrant", new QdrantSinkOptions
        {
            Endpoint = server.Endpoint,
            ApiKey = apiKey ?? server.ApiKey,
            Collection = collection,
            BatchSize = batchSize,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        }, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task The_collection_has_the_original_schema_dense_cosine_and_bm25_with_idf_and_payload_indexes()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = Sink(server);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);

        var created = server.Collection("logs").Created;
        var dense = Assert.Single(created.VectorsConfig.ParamsMap.Map);
        Assert.Equal(("dense", 8ul, Distance.Cosine), (dense.Key, dense.Value.Size, dense.Value.Distance));
        var sparse = Assert.Single(created.SparseVectorsConfig.Map);
        Assert.Equal(("bm25", Modifier.Idf), (sparse.Key, sparse.Value.Modifier));
        Assert.Equal("one-hot", created.Metadata["embedding_model"].StringValue);
        Assert.Equal(
            new Dictionary<string, PayloadSchemaType> { ["service"] = PayloadSchemaType.Keyword, ["level"] = PayloadSchemaType.Keyword, ["timestamp"] = PayloadSchemaType.Datetime, ["trace_id"] = PayloadSchemaType.Keyword },
            server.Collection("logs").PayloadIndexes.ToDictionary());
    }

    [Fact]
    public async Task A_point_carries_the_payload_the_entry_vector_and_a_bm25_document_with_the_pools_average_length()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 300);
        var (stats, _) = await SinkDrive.RunAsync(Sink(server), pool, entries, batchSize: 100);
        Assert.Equal(300, stats.Delivered);

        using var client = new QdrantClient(server.Endpoint);
        var entry = entries[42];
        var point = Assert.Single(await client.RetrieveAsync("logs", entry.Id, withPayload: true, withVectors: true, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(entry.Service, point.Payload["service"].StringValue);
        Assert.Equal(entry.Level.Name(), point.Payload["level"].StringValue);
        Assert.Equal(entry.Text, point.Payload["message"].StringValue);
        Assert.Equal(entry.Timestamp, DateTimeOffset.Parse(point.Payload["timestamp"].StringValue, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, 0.01f), point.Vectors.Vectors.Vectors["dense"].Dense.Data);

        Assert.Equal(300, server.Documents.Count);
        Assert.All(server.Documents, d => Assert.Equal("qdrant/bm25", d.Model));
        Assert.All(server.Documents, d => Assert.Equal(MessagePoolBuilder.MeanWordCount(pool), d.Options["avg_len"].DoubleValue, 2));
        Assert.Contains(server.Documents, d => d.Text == entry.Text);
    }

    [Fact]
    public async Task Ten_thousand_entries_arrive_exactly_once_through_unavailable_exhausted_and_slow_answers()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextUpserts(4, FakeQdrantFault.Unavailable);
        server.FailNextUpserts(3, FakeQdrantFault.ResourceExhausted);
        server.FailNextUpserts(2, FakeQdrantFault.AnsweredAfterTheDeadline); // applied, but answered only once the client gave up
        server.FailNextUpserts(4, FakeQdrantFault.Unavailable);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 10_000);

        var (stats, retries) = await SinkDrive.RunAsync(Sink(server, timeout: TimeSpan.FromSeconds(5)), pool, entries, batchSize: 1000);

        var collection = server.Collection("logs");
        Assert.Equal((10_000L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(10_000, collection.Points.Count);
        Assert.True(entries.All(e => collection.Points.ContainsKey(e.Id.ToString())), "an entry is missing");
        // A retry sends only what a fault hit: 80 requests of 128 points (8 a batch), one more per
        // fault, one fewer when a retry fits two hit requests' points into one; a loaded machine may
        // make more answers late (the deadline is real time), so only the floor is exact.
        Assert.True(server.UpsertRequests >= 79 + 13, $"expected every fault to cost a request, saw {server.UpsertRequests}");
        Assert.True(retries >= 1, "the faults cost no retry");
        // The late answers made the sink send points again; the repeats overwrote, never added (10,000 points above).
        Assert.Contains(collection.Writes.Values, n => n > 1);
    }

    [Fact]
    public async Task A_chunk_refused_for_good_fails_only_its_own_points_and_the_others_are_stored_once()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextUpserts(1, new FakeQdrantFault(Grpc.Core.StatusCode.InvalidArgument));
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 1_000);

        // One batch of 1,000 in four upserts of 250; whichever reaches the server first is refused.
        var (stats, _) = await SinkDrive.RunAsync(Sink(server, batchSize: 250), pool, entries, batchSize: 1_000);

        var collection = server.Collection("logs");
        Assert.Equal((750L, 0L, 250L), (stats.Delivered, stats.Dropped, stats.Failed));
        Assert.Contains("InvalidArgument", stats.FirstError);
        Assert.Equal(750, collection.Points.Count);
        Assert.All(collection.Writes.Values, n => Assert.Equal(1, n));
        Assert.Equal(4, server.UpsertRequests);
    }

    [Fact]
    public async Task A_retry_resends_only_the_request_the_server_did_not_take()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextUpserts(1, FakeQdrantFault.Unavailable);
        var pool = TestPools.Small(dimensions: 8);

        var (stats, retries) = await SinkDrive.RunAsync(Sink(server), pool, SinkDrive.Entries(pool, 1000), batchSize: 1000);

        Assert.Equal((1000L, 0L, 1L), (stats.Delivered, stats.Failed, retries));
        Assert.Equal(8 + 1, server.UpsertRequests); // 8 requests of up to 128 points, then the refused one alone
        Assert.All(server.Collection("logs").Writes.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_wrong_api_key_stops_setup_with_a_message_that_does_not_show_either_key()
    {
        await using var server = await FakeQdrantServer.StartAsync("right-secret-key", TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = Sink(server, apiKey: "wrong-secret-key");

        var error = await Assert.ThrowsAsync<SinkSetupException>(() => sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken));
        Assert.Contains("Unauthenticated Invalid API key or JWT", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public async Task With_the_right_api_key_entries_arrive()
    {
        await using var server = await FakeQdrantServer.StartAsync("right-secret-key", TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        var (stats, _) = await SinkDrive.RunAsync(Sink(server), pool, SinkDrive.Entries(pool, 200));
        Assert.Equal(200, server.Collection("logs").Points.Count);
        Assert.Equal(200, stats.Delivered);
    }

    [Fact]
    public async Task A_run_into_a_collection_of_another_model_with_the_same_dimensions_exits_2()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using (var client = new QdrantClient(server.Endpoint))
            await client.CreateCollectionAsync(QdrantSchema.Collection("logs", new EmbeddingInfo("openai", "other-model", 384, 0)), cancellationToken: TestContext.Current.CancellationToken);
        using var cache = new TempConfig("");

        var (exit, _, errors) = await Cli.GeneratorAppTests.RunAsync(
            Cli.GeneratorAppTests.Config(cache.Directory, $"  - type: qdrant\n    url: {server.Endpoint}\n"), "--duration-secs", "1");

        Assert.Equal(ConfigException.ExitCode, exit);
        Assert.Contains("holds vectors of model 'other-model'", errors);
        Assert.Equal(0, server.UpsertRequests);
    }

    [Fact]
    public async Task A_create_that_loses_the_race_to_another_writer_uses_the_collection_it_made()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.LoseNextCreateRace(); // two generators starting together: the other one's create lands first
        var pool = TestPools.Small(dimensions: 8);

        var (stats, _) = await SinkDrive.RunAsync(Sink(server), pool, SinkDrive.Entries(pool, 100));

        Assert.Equal((100L, 0L), (stats.Delivered, stats.Failed));
        Assert.Equal(100, server.Collection("logs").Points.Count);
    }

    [Fact]
    public async Task A_server_older_than_the_minimum_is_refused_at_setup_with_one_line_naming_both_versions_and_why()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Version = "1.15.2";
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = Sink(server);

        var error = await Assert.ThrowsAsync<SinkSetupException>(() => sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken));

        Assert.Equal($"Sink qdrant: Qdrant at {server.Endpoint}: the server reports version 1.15.2; Emitter needs Qdrant 1.16.0 or newer: "
            + QdrantServerVersion.Reason, error.Message);
        Assert.Empty(server.Collections); // refused before anything was created
    }

    [Fact]
    public async Task A_run_against_an_old_server_exits_1_before_emission_with_the_version_line()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Version = "1.15.2";
        using var cache = new TempConfig("");

        var (exit, lines, errors) = await Cli.GeneratorAppTests.RunAsync(
            Cli.GeneratorAppTests.Config(cache.Directory, $"  - type: qdrant\n    url: {server.Endpoint}\n"), "--duration-secs", "1");

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.Contains("the server reports version 1.15.2; Emitter needs Qdrant 1.16.0 or newer", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.Equal(0, server.UpsertRequests);
    }

    [Fact]
    public async Task The_original_demos_search_finds_a_known_message_first_and_honours_its_level_and_service_filters()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 32); // a distinct vector per message
        var (stats, _) = await SinkDrive.RunAsync(Sink(server), pool, [.. SinkDrive.Entries(pool, 300, "api"), .. SinkDrive.Entries(pool, 300, "worker")]);
        Assert.Equal(600, stats.Delivered);
        using var client = new QdrantClient(server.Endpoint);
        var known = pool.Messages[8];
        var level = known.Level.Name();

        var hits = await OriginalQdrantSearch.SearchAsync(client, known.Text, known.Vector.ToArray(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(20, hits.Count);
        Assert.Equal(known.Text, hits[0].Payload["message"].StringValue);

        var filtered = await OriginalQdrantSearch.SearchAsync(client, known.Text, known.Vector.ToArray(), levels: [level], services: ["worker"],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEmpty(filtered);
        Assert.Equal(known.Text, filtered[0].Payload["message"].StringValue);
        Assert.All(filtered, h => Assert.Equal((level, "worker"), (h.Payload["level"].StringValue, h.Payload["service"].StringValue)));

        var otherLevels = pool.Messages.Select(m => m.Level.Name()).Distinct().Where(l => l != level).ToArray();
        var elsewhere = await OriginalQdrantSearch.SearchAsync(client, known.Text, known.Vector.ToArray(), levels: otherLevels,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEmpty(elsewhere);
        Assert.DoesNotContain(elsewhere, h => h.Payload["message"].StringValue == known.Text);
    }
}
