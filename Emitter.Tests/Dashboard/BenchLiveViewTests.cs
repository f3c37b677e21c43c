using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Emitter.Dashboard.Contract;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Live;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
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
        var (server, client) = await ServerWithOneClientAsync();
        await using var _ = server;
        await using var __ = client;

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

    /// <summary>A snapshot with a capacity search under way: pgvector vector passed 10 and 20 qps, failed 40; keyword done at 30.</summary>
    internal static BenchSnapshot WithCapacity(bool finished = false) => Snapshot(finished: finished) with
    {
        Capacity =
        [
            new BenchCapacityFigures("pgvector", "vector", "heavy", 3, 40, 400, 61.5, 0.0025, Passed: false, P99Censored: false, BestQps: 20, Done: false, MaxQpsAtSlo: null),
            new BenchCapacityFigures("pgvector", "keyword", "heavy", 5, 30, 300, 41.25, 0, Passed: true, P99Censored: false, BestQps: 30, Done: true, MaxQpsAtSlo: 30),
        ],
        CapacityTarget = new BenchCapacityTarget(50, 0.01),
    };

    [Fact]
    public async Task The_feed_sends_each_store_and_modes_last_capacity_step_and_the_answer_when_done()
    {
        using var limit = Bounded();
        var ct = limit.Token;
        var (server, client) = await ServerWithOneClientAsync();
        await using var _ = server;
        await using var __ = client;

        var feed = new BenchDashboardFeed([server.Address], TimeSpan.FromSeconds(5), Measurements(), ["pgvector"], [SearchMode.Vector, SearchMode.Keyword],
            TimeProvider.System, NullLogger.Instance, interval: TimeSpan.FromMilliseconds(50),
            capacity: new CapacitySettings(SloP99Ms: 50, MaxErrorRate: 0.01, StartQps: 10, MaxQps: 400, StepSecs: 5, MaxSteps: 12));
        // As the search raises BenchRun.CapacityStepped: keyword first (the order the page shows is the stores' and modes'), then vector.
        feed.Stepped(new CapacityProgress(0, "steady", "pgvector", "keyword", 0, new CapacityStep(10, 50, 3, 9.5, 0, true), false, null));
        feed.Stepped(new CapacityProgress(0, "steady", "pgvector", "vector", 0, new CapacityStep(10, 50, 4, 12, 0, true), false, null));
        feed.Stepped(new CapacityProgress(0, "steady", "pgvector", "vector", 1, new CapacityStep(20, 100, 5, 31, 0, true), false, null));
        feed.Stepped(new CapacityProgress(0, "steady", "pgvector", "vector", 2, new CapacityStep(40, 200, 30, 5000, 0.04, false, P99Censored: true), false, null));
        feed.Stepped(new CapacityProgress(0, "steady", "pgvector", "keyword", 1, new CapacityStep(20, 100, 3, 48, 0.005, true), true, 20));
        feed.Start(TimeProvider.System.GetTimestamp());

        var snapshot = (await client.ReceiveAsync(ct)).GetProperty("snapshot");
        Assert.Equal(50, snapshot.GetProperty("capacity_target").GetProperty("slo_p99_ms").GetDouble());
        Assert.Equal(0.01, snapshot.GetProperty("capacity_target").GetProperty("max_error_rate").GetDouble());
        var rows = snapshot.GetProperty("capacity").EnumerateArray().ToList();
        Assert.Equal(["vector", "keyword"], rows.Select(r => r.GetProperty("mode").GetString()));
        var vector = rows[0];
        Assert.Equal("steady", vector.GetProperty("phase").GetString());
        Assert.Equal(3, vector.GetProperty("steps").GetInt32());
        Assert.Equal(40, vector.GetProperty("qps").GetDouble());
        Assert.Equal(5000, vector.GetProperty("p99_ms").GetDouble());
        Assert.True(vector.GetProperty("p99_censored").GetBoolean());
        Assert.Equal(0.04, vector.GetProperty("error_rate").GetDouble());
        Assert.False(vector.GetProperty("passed").GetBoolean());
        Assert.Equal(20, vector.GetProperty("best_qps").GetDouble()); // the failed step keeps the best that passed
        Assert.False(vector.GetProperty("done").GetBoolean());
        Assert.Equal(JsonValueKind.Null, vector.GetProperty("max_qps_at_slo").ValueKind);
        var keyword = rows[1];
        Assert.True(keyword.GetProperty("done").GetBoolean());
        Assert.Equal(20, keyword.GetProperty("max_qps_at_slo").GetDouble());
        Assert.Equal(2, keyword.GetProperty("steps").GetInt32());

        // The next phase's search starts over: its best counts from its own steps.
        feed.Stepped(new CapacityProgress(1, "heavy", "pgvector", "vector", 0, new CapacityStep(10, 50, 9, 70, 0, false), false, null));
        JsonElement row;
        do row = (await client.ReceiveAsync(ct)).GetProperty("snapshot").GetProperty("capacity")[0];
        while (row.GetProperty("phase").GetString() != "heavy");
        Assert.Equal(JsonValueKind.Null, row.GetProperty("best_qps").ValueKind);
        Assert.Equal(1, row.GetProperty("steps").GetInt32());
        await feed.DisposeAsync();
        Assert.Equal(0, feed.Dropped);
    }

    [Fact]
    public async Task Bad_capacity_rows_are_refused_with_the_field_named_and_good_ones_taken()
    {
        await using var server = await DashboardServer.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        async Task<(HttpStatusCode Status, string Body)> Post(Action<System.Text.Json.Nodes.JsonNode> spoil)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(WithCapacity(), BenchJson.Default.BenchSnapshot))!;
            spoil(json);
            using var content = new StringContent(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await server.Http.PostAsync("/bench", content, ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        var cases = new (string Name, Action<System.Text.Json.Nodes.JsonNode> Spoil, string Reason)[]
        {
            ("null row", j => j["capacity"]![1] = null, "capacity[1] is null"),
            ("no store", j => j["capacity"]![0]!.AsObject().Remove("store"), "capacity[0].store is missing"),
            ("no phase", j => j["capacity"]![0]!["phase"] = null, "capacity[0].phase is missing"),
            ("long mode", j => j["capacity"]![0]!["mode"] = new string('m', 201), "at most 200 characters"),
            ("negative qps", j => j["capacity"]![0]!["qps"] = -1, "capacity[0].qps"),
            ("negative p99", j => j["capacity"]![1]!["p99_ms"] = -0.5, "capacity[1].p99_ms"),
            ("error rate over 1", j => j["capacity"]![0]!["error_rate"] = 1.5, "capacity[0].error_rate must be 0 to 1"),
            ("no step", j => j["capacity"]![0]!["steps"] = 0, "capacity[0].steps"),
            ("negative queries", j => j["capacity"]![0]!["queries"] = -3, "capacity[0].queries"),
            ("negative best", j => j["capacity"]![0]!["best_qps"] = -10, "capacity[0].best_qps"),
            ("done without answer", j => j["capacity"]![1]!["max_qps_at_slo"] = null, "capacity[1].max_qps_at_slo is required when done"),
            ("slo 0", j => j["capacity_target"]!["slo_p99_ms"] = 0, "capacity_target.slo_p99_ms"),
            ("max error rate -1", j => j["capacity_target"]!["max_error_rate"] = -1, "capacity_target.max_error_rate"),
            ("rows over the cap", j => j["capacity"] = new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, 257).Select(_ => j["capacity"]![0]!.DeepClone())]), "at most 256"),
            ("qps as text", j => j["capacity"]![0]!["qps"] = "fast", "not a bench snapshot"),
        };
        foreach (var (name, spoil, reason) in cases)
        {
            var (status, body) = await Post(spoil);
            TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {(int)status} {body}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{name}: {(int)status} {body}");
            Assert.Contains(reason, body);
        }
        // Valid: with capacity, and without it (a generator from before, or a bench without bench.capacity).
        Assert.Equal(HttpStatusCode.NoContent, (await Post(_ => { })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Post(j => { j.AsObject().Remove("capacity"); j.AsObject().Remove("capacity_target"); })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Post(j => j["capacity_target"] = null)).Status);
    }

    /// <summary>A dashboard with one live-view client, past its backlog frame.</summary>
    private static async Task<(DashboardServer Server, StreamClient Client)> ServerWithOneClientAsync()
    {
        var server = await DashboardServer.StartAsync();
        var client = await StreamClient.ConnectAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(1);
        await client.ReceiveBacklogAsync();
        return (server, client);
    }

    private static BenchMeasurements Measurements() =>
        new(new PhaseClock([new BenchPhase("steady", 3600, 0), new BenchPhase("heavy", 60, 2)]), ["pgvector"], [SearchMode.Vector, SearchMode.Keyword]);
}
