using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Bench;

/// <summary>The Qdrant search store against the fake Qdrant (Query API of v1.19.0), after writes through the real sink.</summary>
public class QdrantSearchStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Freshness_settings_are_the_sinks_wait_batch_size_and_in_flight_and_there_is_no_index_to_build()
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        var (store, _, _) = await SearchStoreChecks.WriteThenOpenAsync(SearchStoreChecks.Sink(SinkTypes.Qdrant,
            ("url", server.Endpoint.ToString()), ("wait", "false"), ("batch_size", "64"), ("max_in_flight", "2")));
        await using var _ = store;

        Assert.Equal(new Dictionary<string, object> { ["wait"] = false, ["batch_size"] = 64, ["max_in_flight"] = 2 }, store.FreshnessSettings);
        Assert.False(await store.BuildIndexesAsync(Ct));
    }
}
