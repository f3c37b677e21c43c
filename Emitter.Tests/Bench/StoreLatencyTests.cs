using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Bench;

/// <summary>
/// Alone in the test process: the latencies measured here must be the fakes' and the client's,
/// not the thread-pool starvation of this process's other tests (another process on the same cores
/// only slows these down, which the bounds of <see cref="SearchStoreChecks.AssertFollows"/> allow).
/// </summary>
[CollectionDefinition(nameof(StoreLatencyTests), DisableParallelization = true)]
public sealed class StoreLatencyCollection;

/// <summary>
/// Each store against its fake with a seeded uniform 20-60 ms injected latency, driven by the
/// bench's open-loop driver at 50 queries/s for 3 s and measured by the bench's own classes.
/// </summary>
[Collection(nameof(StoreLatencyTests))]
public class StoreLatencyTests
{
    private const int Seed = 11;
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(60);

    private static TimeSpan Uniform(Random random) => Min + (Max - Min) * random.NextDouble();

    [Fact]
    public async Task Qdrant_open_loop_percentiles_follow_the_injected_latency()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (store, entries, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.Qdrant, ("url", server.Endpoint.ToString())));
        await using var _ = store;
        await SearchStoreChecks.WarmUpAsync(store, entries[3]);
        var before = server.QueryRequests;
        server.DelayQueries(FakeQdrantLatency.Uniform(Min, Max, Seed));

        var measured = await SearchStoreChecks.DriveAsync(store, SearchMode.Hybrid, entries[3], ratePerSec: 50, TimeSpan.FromSeconds(3), seed: 5);

        var reference = FakeQdrantLatency.Uniform(Min, Max, Seed);
        var served = server.QueryRequests - before;
        SearchStoreChecks.AssertFollows(SearchStoreChecks.Injected(reference.Next, served), measured, served);
    }

    [Fact]
    public async Task Elasticsearch_open_loop_percentiles_follow_the_injected_latency()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.License = "trial";
        var (store, entries, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.Elasticsearch, ("url", server.Url.ToString())));
        await using var _ = store;
        await SearchStoreChecks.WarmUpAsync(store, entries[3]);
        var before = server.Queries.Searches;
        server.Queries.SetLatency(Uniform, Seed);

        var measured = await SearchStoreChecks.DriveAsync(store, SearchMode.Hybrid, entries[3], ratePerSec: 50, TimeSpan.FromSeconds(3), seed: 5);

        var reference = new Random(Seed);
        var served = server.Queries.Searches - before;
        SearchStoreChecks.AssertFollows(SearchStoreChecks.Injected(() => Uniform(reference), served), measured, served);
    }
}
