using System.Text.Json;
using Emitter.Tests.Cli;

namespace Emitter.Tests.Dashboard;

/// <summary>The generator's dashboard sink, the real dashboard and WebSocket clients, all in process.</summary>
public class GeneratorToDashboardTests
{
    private static string DashboardSink(DashboardServer server) => $"  - type: dashboard\n    url: {server.Address}\n";

    internal static async Task<JsonElement> RunGeneratorAsync(DashboardServer server, string seconds = "1")
    {
        using var cache = new TempConfig("");
        using var summary = new TempConfig("");
        var (exit, _, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, DashboardSink(server)),
            "--duration-secs", seconds, "--summary", summary.Path);
        Assert.True(exit == 0, errors);
        return JsonDocument.Parse(await File.ReadAllTextAsync(summary.Path, TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    [Fact]
    public async Task Every_entry_of_a_run_reaches_a_websocket_client()
    {
        await using var server = await DashboardServer.StartAsync();
        await using var client = await StreamClient.ConnectAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(1);

        var summary = await RunGeneratorAsync(server);
        var emitted = summary.GetProperty("emitted").GetInt64();
        var sink = summary.GetProperty("sinks").GetProperty("dashboard");
        Assert.Equal(emitted, sink.GetProperty("delivered").GetInt64());
        Assert.Equal(0, sink.GetProperty("dropped").GetInt64());

        var flushes = await client.ReceiveUntilAsync(emitted, TimeSpan.FromSeconds(30));
        Assert.Equal(0, client.Missed);
        var entries = flushes.SelectMany(f => f.GetProperty("entries").EnumerateArray()).ToList();
        Assert.Equal(emitted, entries.Select(e => e.GetProperty("id").GetGuid()).Distinct().Count());
        foreach (var level in new[] { "DEBUG", "INFO", "WARN", "ERROR" })
        {
            Assert.Equal(summary.GetProperty("by_level").GetProperty(level).GetInt64(), entries.Count(e => e.GetProperty("level").GetString() == level));
        }

        // Each frame is also the original's per-flush summary, consistent with its entries.
        foreach (var flush in flushes)
        {
            var count = flush.GetProperty("entries").GetArrayLength();
            Assert.Equal(count, flush.GetProperty("total_count").GetInt32());
            Assert.Equal(count, flush.GetProperty("by_service").EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.Equal(count, flush.GetProperty("by_level").EnumerateObject().Sum(p => p.Value.GetInt32()));
            Assert.True(flush.GetProperty("duration_ms").GetDouble() >= 0);
        }
        Assert.Equal(flushes.Count, flushes.Select(f => f.GetProperty("sequence").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task A_stalled_client_costs_the_generator_and_a_reading_client_nothing()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:ClientQueueBytes=1000000", "--Dashboard:SendTimeoutSecs=600");
        await using var stalled = await StreamClient.ConnectSmallBufferAsync(server.WebSocketUri);
        await using var reader = await StreamClient.ConnectAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(2);

        // Fill the stalled client's socket and queue first (lockstep with the reader), so it is
        // already dropping when the generator starts.
        for (var i = 1; i <= 40; i++)
        {
            await server.PostAsync(TestBatches.Create(i, 1000, messageLength: 300));
            await reader.ReceiveUntilAsync(i * 1000L, TimeSpan.FromSeconds(30));
        }

        var summary = await RunGeneratorAsync(server);
        var emitted = summary.GetProperty("emitted").GetInt64();
        var sink = summary.GetProperty("sinks").GetProperty("dashboard");
        Assert.Equal(emitted, sink.GetProperty("delivered").GetInt64());
        Assert.Equal(0, sink.GetProperty("dropped").GetInt64());

        await reader.ReceiveUntilAsync(40_000 + emitted, TimeSpan.FromSeconds(30));
        Assert.Equal(0, reader.Missed);
        Assert.Equal(40_000 + emitted, reader.Entries);
    }
}
