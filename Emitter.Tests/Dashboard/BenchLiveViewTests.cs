using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Emitter.Dashboard.Contract;
using Emitter.Generator.Bench.Config;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Live;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Dashboard;

/// <summary>A bench's live view: the snapshot contract, its broadcast as a bench frame, and the generator's feed.</summary>
public class BenchLiveViewTests
{
    // Real time, only to turn a hang into a failure: every wait below is for an event, bounded by this.
    private static readonly TimeSpan HangDetector = TimeSpan.FromMinutes(1);

    /// <summary>The test's token, cancelled also when <see cref="HangDetector"/> has passed.</summary>
    private static CancellationTokenSource Bounded()
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(HangDetector);
        return limit;
    }

    internal static BenchSnapshot Snapshot(string store = "pgvector", bool finished = false) => new(
        DateTimeOffset.Parse("2026-12-01T20:00:00Z"), "heavy", 1, ["steady", "heavy", "recovery"], 42.5, 240, finished,
        [
            new BenchStoreFigures(store, "vector", 1200, 3, 4.25, 12.5, 9, 1, 850, 1900),
            new BenchStoreFigures(store, "keyword", 1180, 0, 2.75, 8.125, 10, 0, 420, 990),
        ]);

    [Fact]
    public void The_snapshot_contract_round_trips_in_snake_case()
    {
        var snapshot = Snapshot();
        var json = JsonSerializer.Serialize(snapshot, BenchJson.Default.BenchSnapshot);
        using var document = JsonDocument.Parse(json);
        var row = document.RootElement.GetProperty("stores")[0];
        Assert.Equal(12.5, row.GetProperty("p99_ms").GetDouble());
        Assert.Equal(1, row.GetProperty("markers_missing").GetInt64());
        Assert.Equal(1, document.RootElement.GetProperty("phase_index").GetInt32());

        var back = JsonSerializer.Deserialize(json, BenchJson.Default.BenchSnapshot)!;
        Assert.Equal(snapshot.Phases, back.Phases);
        Assert.Equal(snapshot.Stores, back.Stores); // records: equal field by field
        Assert.Equal(snapshot with { Phases = back.Phases, Stores = back.Stores }, back);
    }

    [Fact]
    public async Task A_posted_snapshot_reaches_every_client_as_a_bench_frame_and_is_no_missed_flush()
    {
        await using var server = await DashboardServer.StartAsync();
        await using var first = await StreamClient.ConnectAsync(server.WebSocketUri);
        await using var second = await StreamClient.ConnectAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(2);
        await first.ReceiveBacklogAsync();
        await second.ReceiveBacklogAsync();

        await server.PostBenchAsync(Snapshot());
        using var limit = Bounded();
        foreach (var client in new[] { first, second })
        {
            var frame = await client.ReceiveAsync(limit.Token);
            Assert.Equal("bench", frame.GetProperty("type").GetString());
            var snapshot = frame.GetProperty("snapshot");
            Assert.Equal("heavy", snapshot.GetProperty("phase").GetString());
            var rows = snapshot.GetProperty("stores").EnumerateArray().ToList();
            Assert.Equal(["vector", "keyword"], rows.Select(r => r.GetProperty("mode").GetString()));
            Assert.Equal(12.5, rows[0].GetProperty("p99_ms").GetDouble());
            Assert.Equal(1900, rows[0].GetProperty("freshness_p99_ms").GetDouble());
        }
        Assert.Equal(0, first.Missed);
    }

    [Fact]
    public async Task Bad_snapshots_are_refused_with_a_reason()
    {
        await using var server = await DashboardServer.StartAsync();
        using var notJson = new StringContent("phase=heavy");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Http.PostAsync("/bench", notJson, TestContext.Current.CancellationToken)).StatusCode);
        using var noStores = new StringContent("""{"phase":"heavy"}""", System.Text.Encoding.UTF8, "application/json");
        var response = await server.Http.PostAsync("/bench", noStores, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("stores", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_feed_sends_the_phase_in_progress_and_a_last_snapshot_when_the_run_ends()
    {
        using var limit = Bounded();
        var ct = limit.Token;
        await using var server = await DashboardServer.StartAsync();
        await using var client = await StreamClient.ConnectAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(1);
        await client.ReceiveBacklogAsync();

        var measurements = Measurements();
        measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(7), null));
        measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(TimeSpan.FromMilliseconds(20), TimeSpan.Zero, "boom"));
        measurements.MarkerFound("pgvector", SearchMode.Vector, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(1500));
        var feed = new BenchDashboardFeed([server.Address], TimeSpan.FromSeconds(5), measurements, ["pgvector"], [SearchMode.Vector, SearchMode.Keyword],
            TimeProvider.System, NullLogger.Instance, interval: TimeSpan.FromMilliseconds(50));
        feed.Start(TimeProvider.System.GetTimestamp());

        var frame = await client.ReceiveAsync(ct);
        var snapshot = frame.GetProperty("snapshot");
        Assert.Equal("steady", snapshot.GetProperty("phase").GetString());
        Assert.False(snapshot.GetProperty("finished").GetBoolean());
        var vector = snapshot.GetProperty("stores").EnumerateArray().Single(r => r.GetProperty("mode").GetString() == "vector");
        // Every due query, the failed one included (it is in the percentiles, at the timeout it reports), as in the summary.
        Assert.Equal(2, vector.GetProperty("queries").GetInt64());
        Assert.Equal(1, vector.GetProperty("errors").GetInt64());
        Assert.Equal(7, vector.GetProperty("p99_ms").GetDouble(), 0.01);
        Assert.Equal(1500, vector.GetProperty("freshness_p50_ms").GetDouble(), 1.0);

        await feed.DisposeAsync();
        JsonElement last;
        do last = (await client.ReceiveAsync(ct)).GetProperty("snapshot");
        while (!last.GetProperty("finished").GetBoolean());
        Assert.Equal(0, feed.Dropped);
        // The frames above prove both sends arrived; the loop's snapshot may still have been awaiting
        // its answer when the stop cancelled it (superseded by the last one), so only the last is sure to count.
        Assert.True(feed.Sent >= 1);
    }

    [Fact]
    public async Task A_dashboard_that_is_down_costs_only_counted_snapshots()
    {
        // A port nothing listens on: taken, then released.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var feed = new BenchDashboardFeed([new Uri($"http://127.0.0.1:{port}/")], TimeSpan.FromSeconds(2), Measurements(), ["pgvector"], [SearchMode.Vector],
            TimeProvider.System, NullLogger.Instance, interval: TimeSpan.FromMilliseconds(20));
        feed.Start(TimeProvider.System.GetTimestamp());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (feed.Dropped < 3)
        {
            Assert.True(waited.Elapsed < HangDetector, $"the feed counted {feed.Dropped} dropped snapshots in {HangDetector.TotalSeconds:0} s, not 3 ({feed.FirstError})");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        await feed.DisposeAsync();

        Assert.Equal(0, feed.Sent);
        Assert.Contains("unreachable", feed.FirstError);
    }

    /// <summary>Issue 21, point 7: the feed logged (and sent over OTLP) the dashboard URL with its user information.</summary>
    [Fact]
    public async Task A_dashboard_that_answers_again_is_logged_without_the_urls_user_information()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var logger = new Emitter.Tests.Embedding.CapturingLogger();
        var feed = new BenchDashboardFeed([new Uri($"http://viewer:Sup3rSecret@127.0.0.1:{port}/")], TimeSpan.FromSeconds(2), Measurements(), ["pgvector"], [SearchMode.Vector],
            TimeProvider.System, logger, interval: TimeSpan.FromMilliseconds(50));
        feed.Start(TimeProvider.System.GetTimestamp());
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        while (feed.Dropped < 1) await Task.Delay(10, limit.Token);

        // Down, then up on the same port: the feed says it answers again.
        await using var server = await DashboardServer.StartAsync("--urls", $"http://127.0.0.1:{port}");
        while (!logger.Lines.Any(l => l.Contains("answers again", StringComparison.Ordinal))) await Task.Delay(10, limit.Token);
        await feed.DisposeAsync();

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", logger.Lines));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("Sup3rSecret", StringComparison.Ordinal) || l.Contains("viewer", StringComparison.Ordinal));
    }

    private static BenchMeasurements Measurements() =>
        new(new PhaseClock([new BenchPhase("steady", 3600, 0), new BenchPhase("heavy", 60, 2)]), ["pgvector"], [SearchMode.Vector, SearchMode.Keyword]);
}
