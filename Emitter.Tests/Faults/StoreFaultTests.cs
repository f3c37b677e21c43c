using Emitter.Tests.Fakes;

namespace Emitter.Tests.Faults;

/// <summary>
/// Real runs into the fake Qdrant (gRPC over HTTP/2) and the fake Elasticsearch (HTTP/1.1)
/// through <see cref="FaultProxy"/>: slow wires, a reset in the middle of a request, a reset
/// that loses the answer to a write the server may already have stored. The store holds every
/// emitted entry once (both fakes key by id, as the servers do, so a resent write cannot add
/// a copy: the count equal to emitted is the check) and the summary says so.
/// </summary>
public class StoreFaultTests
{
    public enum Fault
    {
        /// <summary>40 ms on every chunk each way.</summary>
        Delay,

        /// <summary>RST after 150 kB toward the server: inside a write's body.</summary>
        ResetMidRequest,

        /// <summary>After 150 kB of requests, the next answer is dropped and the connection reset.</summary>
        ResetOnReply,
    }

    [Theory]
    [InlineData(Fault.Delay)]
    [InlineData(Fault.ResetMidRequest)]
    [InlineData(Fault.ResetOnReply)]
    public async Task Qdrant_through_a_faulty_wire_holds_every_emitted_entry_once(Fault fault)
    {
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var proxy = FaultProxy.ToServer(server.Endpoint);
        Arm(proxy, fault);

        var outcome = await FaultRun.RunAsync($"  - type: qdrant\n    url: http://127.0.0.1:{proxy.Port}\n    collection_name: faults\n", "qdrant");

        outcome.AssertAllDelivered();
        AssertFired(proxy, fault, outcome);
        Assert.Equal(outcome.Emitted, server.Collection("faults").Points.Count);
    }

    [Theory]
    [InlineData(Fault.Delay)]
    [InlineData(Fault.ResetMidRequest)]
    [InlineData(Fault.ResetOnReply)]
    public async Task Elasticsearch_through_a_faulty_wire_holds_every_emitted_entry_once(Fault fault)
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var proxy = FaultProxy.ToServer(server.Url);
        Arm(proxy, fault);

        var outcome = await FaultRun.RunAsync($"  - type: elasticsearch\n    url: http://127.0.0.1:{proxy.Port}\n", "elasticsearch");

        outcome.AssertAllDelivered();
        AssertFired(proxy, fault, outcome);
        Assert.Equal(outcome.Emitted, server.Index("logs").Documents.Count);
    }

    private static void Arm(FaultProxy proxy, Fault fault)
    {
        switch (fault)
        {
            case Fault.Delay:
                proxy.ToServerDelay = proxy.ToClientDelay = TimeSpan.FromMilliseconds(40);
                break;
            case Fault.ResetMidRequest:
                proxy.ResetAfterBytes(150_000);
                break;
            case Fault.ResetOnReply:
                proxy.ResetOnReplyAfter(150_000);
                break;
        }
    }

    private static void AssertFired(FaultProxy proxy, Fault fault, FaultRun.Outcome outcome)
    {
        if (fault == Fault.Delay) return;
        Assert.True(proxy.Injected.Task.IsCompleted, $"the fault never fired: {outcome.Errors}");
        Assert.True(outcome.Retried > 0, outcome.Errors);
    }
}
