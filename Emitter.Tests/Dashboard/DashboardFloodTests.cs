using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Emitter.Dashboard.Contract;

namespace Emitter.Tests.Dashboard;

/// <summary>
/// Issue 21, point 3: one WebSocket client that never reads plus large valid posts took the
/// dashboard from ~90 MB to 2.8 GB. Now bodies are capped (413) and each client's queue is
/// bounded in bytes: a real dashboard process under a 512 MB GC heap limit stays small.
/// </summary>
public class DashboardFloodTests
{
    private const long QueueBytes = 16 * 1024 * 1024;

    [Fact]
    public async Task A_client_that_never_reads_and_a_flood_of_large_posts_leave_the_dashboard_bounded()
    {
        await using var dashboard = await DashboardProcess.StartAsync(
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x20000000" },
            $"--Dashboard:ClientQueueBytes={QueueBytes}", "--Dashboard:SendTimeoutSecs=600"); // the byte bound, not the timeout, is under test
        await using var stalled = await StreamClient.ConnectSmallBufferAsync(dashboard.WebSocketUri);
        await dashboard.WaitForClientsAsync(1);
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(dashboard, Body(0, 10, 100)));
        var before = dashboard.Memory();

        // The issue's flood: twelve valid batches of ~26 MB each.
        var huge = Body(1, 2000, 13_000);
        var hugeStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++) hugeStatuses.Add(await PostAsync(dashboard, huge));

        // Then ~320 MB in posts under the cap, all taken and fanned out to the client that never reads.
        var large = Body(2, 1000, 8_000);
        var largeStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++) largeStatuses.Add(await PostAsync(dashboard, large));

        var after = dashboard.Memory();
        TestContext.Current.TestOutputHelper?.WriteLine($"dashboard RSS {before.Rss:0} MB before, {after.Rss:0} MB after (peak {after.Peak:0} MB)");
        var stats = await dashboard.StatsAsync();
        var queued = stats.GetProperty("queued_bytes").GetInt64();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"~26 MB posts: {string.Join(",", hugeStatuses.Distinct().Select(s => (int)s))}; "
            + $"~8 MB posts: {string.Join(",", largeStatuses.Distinct().Select(s => (int)s))}; queued for the stalled client {queued / 1e6:0.0} MB, missed {stats.GetProperty("missed_per_client")[0].GetInt64():N0} entries");

        Assert.False(dashboard.HasExited, "the dashboard died under the flood");
        Assert.All(hugeStatuses, s => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, s));
        Assert.All(largeStatuses, s => Assert.Equal(HttpStatusCode.NoContent, s));
        Assert.InRange(queued, 1, QueueBytes + large.Length * 2); // the limit plus the newest frame
        Assert.True(stats.GetProperty("missed_per_client")[0].GetInt64() > 0, "the stalled client should have missed entries");
        // 320 MB went through; what stays is the client's 16 MB, a frame or two in flight and the GC's slack.
        Assert.True(after.Peak - before.Rss < 300, $"the dashboard grew from {before.Rss:0} MB to a peak of {after.Peak:0} MB");
    }

    private static byte[] Body(long sequence, int entries, int messageLength) =>
        JsonSerializer.SerializeToUtf8Bytes(TestBatches.Create(sequence, entries, messageLength), IngestJson.Default.IngestBatch);

    private static async Task<HttpStatusCode> PostAsync(DashboardProcess dashboard, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.ExpectContinue = true; // a refused body is not sent at all
        using var response = await dashboard.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
