namespace Emitter.Tests.Dashboard;

/// <summary>Every client has its own queue that drops its oldest frames: slowness stays with the slow client.</summary>
public class SlowClientTests
{
    [Fact]
    public async Task A_client_that_never_reads_is_told_what_it_missed_and_another_client_gets_everything()
    {
        const int Batches = 60, Size = 1000;
        await using var server = await DashboardServer.StartAsync("--Dashboard:ClientQueueBytes=1000000", "--Dashboard:SendTimeoutSecs=600");
        await using var stalled = await StreamClient.ConnectSmallBufferAsync(server.WebSocketUri);
        await using var reader = await StreamClient.ConnectAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(2);

        // ~18 MB of frames: far more than the stalled client's socket buffers and queue hold.
        var sequences = new List<long>();
        for (var i = 1; i <= Batches; i++)
        {
            await server.PostAsync(TestBatches.Create(i, Size, messageLength: 300));
            var frames = await reader.ReceiveUntilAsync((long)i * Size, TimeSpan.FromSeconds(30));
            sequences.AddRange(frames.Select(f => f.GetProperty("sequence").GetInt64()));
        }
        Assert.Equal(Enumerable.Range(1, Batches).Select(i => (long)i), sequences);
        Assert.Equal(0, reader.Missed);

        // Now it reads: what it gets plus what it is told it missed is everything, in order.
        var received = await stalled.ReceiveUntilAsync((long)Batches * Size, TimeSpan.FromSeconds(60));
        Assert.True(stalled.Missed > 0, "the stalled client should have missed entries");
        Assert.Equal((long)Batches * Size, stalled.Entries + stalled.Missed);
        var got = received.Select(f => f.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(got.Order(), got);
        Assert.Equal(Batches, got[^1]); // the newest survive; the oldest were dropped
    }
}
