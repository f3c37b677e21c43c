using System.Text.Json;
using Emitter.Generator.Batching;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Bench.Truth;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;
using Emitter.Tests.PgVector;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Bench;

/// <summary>
/// Freshness split into emit_to_ack (the client's batching, queue and write) and ack_to_visible (the
/// store's own lag), per marker, with the missing censored rather than left out.
/// </summary>
public class FreshnessSplitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_the_fakes_a_marker_becomes_visible_at_the_next_refresh_or_when_qdrant_applies_it_after_the_ack()
    {
        await using var qdrant = await FakeQdrantServer.StartAsync(cancellationToken: Ct);
        qdrant.ApplyDelay = TimeSpan.FromSeconds(1); // wait: false answers before the update worker applies the points
        await using var elasticsearch = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        await using var opensearch = await FakeOpenSearchServer.StartAsync(cancellationToken: Ct);
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var yaml = $"""
            message_pool_size: 40
            flush_interval_ms: 100
            embedding:
              cache_dir: {cache.Directory}
            sinks:
              - type: qdrant
                url: {qdrant.Endpoint}
                collection_name: fresh
                wait: false
              - type: elasticsearch
                url: {elasticsearch.Url}
                index_name: fresh
              - type: opensearch
                url: {opensearch.Url}
                index_name: fresh
            services:
              - name: api
                rate_per_sec: 20
            bench:
              phases:
                - name: writes
                  duration_secs: 4
                  write_rate: 1
              queries:
                modes: [keyword]
                rate_per_sec: 2
                warmup: 0
              freshness:
                interval_ms: 250
                max_wait_secs: 20
                probe_interval_ms: 25
              relevance:
                needles: 0
            """;

        var (exit, _, errors) = await GeneratorAppTests.RunAsync(yaml, "--summary", summaryFile.Path);

        Assert.True(exit == 0, errors);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, Ct));
        var bench = document.RootElement.GetProperty("bench");
        var figures = new List<string>();
        foreach (var store in new[] { "elasticsearch", "opensearch", "qdrant" })
        {
            var fresh = bench.GetProperty("freshness").GetProperty(store).GetProperty("keyword");
            var markers = fresh.GetProperty("markers").GetInt64();
            Assert.True(markers >= 12, $"{store}: {fresh}");
            Assert.Equal(markers, fresh.GetProperty("found").GetInt64());
            var ackToVisible = fresh.GetProperty("ack_to_visible");
            figures.Add($"{store}: emit_to_ack p50 {fresh.GetProperty("emit_to_ack").GetProperty("p50_ms")} ms; ack_to_visible p50 {ackToVisible.GetProperty("p50_ms")} / max {ackToVisible.GetProperty("max_ms")} ms; emit_to_visible p50 {fresh.GetProperty("p50_ms")} ms");
            if (store == "qdrant")
            {
                // Not searchable until the update worker applies it, 1 s after the Acknowledged answer. The
                // client notes the ack when the answer reaches it, later on a busy machine, so the margin is wide:
                // visible at once (the old fake) gives ~0.
                Assert.True(ackToVisible.GetProperty("p50_ms").GetDouble() >= 500, $"{store}: {fresh}");
                Assert.True(ackToVisible.GetProperty("max_ms").GetDouble() < 10_000, $"{store}: {fresh}");
            }
            else
            {
                // Searchable at the next 1 s refresh: spread over the interval, so the slowest of 16 waits most of it.
                Assert.True(ackToVisible.GetProperty("max_ms").GetDouble() >= 400, $"{store}: {fresh}");
                Assert.True(ackToVisible.GetProperty("p50_ms").GetDouble() >= 50, $"{store}: {fresh}");
                Assert.True(ackToVisible.GetProperty("max_ms").GetDouble() < 3000, $"{store}: {fresh}");
            }
            AssertSplitAddsUp(bench, store, "keyword");
        }
        Assert.Equal("1s", bench.GetProperty("freshness_settings").GetProperty("elasticsearch").GetProperty("refresh_interval").GetString());
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", figures));
    }

    [Fact]
    public async Task On_the_real_pgvector_emit_to_ack_plus_ack_to_visible_is_emit_to_visible_for_every_marker()
    {
        var table = PgVectorTestDatabase.NewTable("fresh");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var (summary, _) = await PgVectorBench.RunAsync(PgVectorBench.Yaml(table, """
                  phases:
                    - {name: quiet, duration_secs: 2, write_rate: 0}
                    - {name: writes, duration_secs: 2, write_rate: 2}
                  queries:
                    modes: [vector, keyword]
                    rate_per_sec: 5
                    warmup: 0
                  freshness:
                    interval_ms: 200
                    max_wait_secs: 30
                    probe_interval_ms: 20
                  relevance:
                    needles: 0
                """));
            using var json = JsonDocument.Parse(summary.ToJson());
            var bench = json.RootElement.GetProperty("bench");
            var checkedMarkers = 0;
            foreach (var mode in new[] { "vector", "keyword" }) checkedMarkers += AssertSplitAddsUp(bench, "pgvector", mode);
            Assert.True(checkedMarkers >= 30, $"{checkedMarkers} markers checked");

            var lines = new List<string>();
            foreach (var phase in bench.GetProperty("phases").EnumerateArray())
            {
                var f = phase.GetProperty("freshness").GetProperty("pgvector").GetProperty("keyword");
                // Client batching (flush_interval_ms 100) and the COPY are in emit_to_ack; the commit is visible at once.
                Assert.True(f.GetProperty("emit_to_ack").GetProperty("p50_ms").GetDouble() > f.GetProperty("ack_to_visible").GetProperty("p50_ms").GetDouble(), f.ToString());
                lines.Add($"{phase.GetProperty("name")}: emit_to_ack {Figures(f.GetProperty("emit_to_ack"))}; ack_to_visible {Figures(f.GetProperty("ack_to_visible"))}; emit_to_visible {Figures(f.GetProperty("emit_to_visible"))}");
            }
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", lines));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Fact]
    public void A_missing_marker_counts_at_max_wait_and_the_percentile_it_decides_is_printed_with_a_greater_than_sign()
    {
        var time = new FakeTimeProvider();
        var stored = new StoredEntries("store", trackEntries: false, time);
        var markers = new MarkerTimes(time, new Dictionary<string, StoredEntries> { ["store"] = stored });
        var message = new PoolMessage(0, "emitter freshness marker mkabc", Generator.Model.LogLevel.Info);
        LogEntry Marker() => new(Guid.NewGuid(), time.GetUtcNow(), Generator.Bench.BenchPlan.MarkerService, Generator.Model.LogLevel.Info, message);

        // Found: acked 100 ms after emission, visible 50 ms after that.
        var found = Marker();
        markers.Emitted(found.Id, time.GetTimestamp(), TimeSpan.Zero);
        time.Advance(TimeSpan.FromMilliseconds(100));
        stored.Observe(new Batch([found], 1, 1, time.GetUtcNow()), null);
        time.Advance(TimeSpan.FromMilliseconds(50));
        markers.Visible("store", SearchMode.Keyword, found.Id, time.GetTimestamp());
        // Acked 200 ms after emission, never found; and one never acked (its write left it over).
        var lost = Marker();
        var unacked = Marker();
        markers.Emitted(lost.Id, time.GetTimestamp(), TimeSpan.Zero);
        markers.Emitted(unacked.Id, time.GetTimestamp(), TimeSpan.Zero);
        time.Advance(TimeSpan.FromMilliseconds(200));
        stored.Observe(new Batch([lost, unacked], 2, 2, time.GetUtcNow()), new Batch([unacked], 1, 2, time.GetUtcNow()));

        var split = new FreshnessSplitBuilder(markers, maxWaitSecs: 10).Split(markers.All(), "store", SearchMode.Keyword);

        Assert.Equal(new FreshnessFigures(3, 2, 10_000, 10_000, 10_000, ["p50", "p99", "max"]), split.EmitToVisible with { CensoredAt = split.EmitToVisible.CensoredAt.ToArray() }, FiguresComparer.Instance);
        Assert.Equal((3L, 1L), (split.EmitToAck.Count, split.EmitToAck.Censored));
        Assert.Equal(200, split.EmitToAck.P50Ms);
        Assert.Equal(2, split.AckToVisible.Count); // the unacked marker has no ack to count from
        Assert.Equal(50, split.AckToVisible.P50Ms);
        Assert.Equal(9_800, split.AckToVisible.MaxMs); // censored: max_wait minus its emit_to_ack
        Assert.Equal(["p99", "max"], split.AckToVisible.CensoredAt); // of two, p99 is the larger
        Assert.Equal(1, split.NotAcked);

        var summary = new FreshnessSummary(3, 1, 2, 10_000, 10_000, 10_000) { EmitToAck = split.EmitToAck, AckToVisible = split.AckToVisible, EmitToVisible = split.EmitToVisible, NotAcked = 1 };
        var text = BenchTextOf(summary);
        Assert.Contains("p50 >10000.0 ms, p99 >10000.0 ms, max >10000.0 ms", text);
        Assert.Contains("ack_to_visible p50 50.0 ms, p99 >9800.0 ms, max >9800.0 ms; 1 never acknowledged", text);
    }

    [Fact]
    public void An_ack_that_arrives_after_every_probe_found_the_marker_is_still_its_ack()
    {
        // A commit is visible before the write's answer reaches the sink: the probes may all end first.
        var time = new FakeTimeProvider();
        var stored = new StoredEntries("store", trackEntries: false, time);
        var markers = new MarkerTimes(time, new Dictionary<string, StoredEntries> { ["store"] = stored });
        var marker = new LogEntry(Guid.NewGuid(), time.GetUtcNow(), Generator.Bench.BenchPlan.MarkerService, Generator.Model.LogLevel.Info,
            new PoolMessage(0, "emitter freshness marker mkabc", Generator.Model.LogLevel.Info));
        markers.Emitted(marker.Id, time.GetTimestamp(), TimeSpan.Zero);
        time.Advance(TimeSpan.FromMilliseconds(60));
        markers.Visible("store", SearchMode.Keyword, marker.Id, time.GetTimestamp());
        markers.Retire(marker.Id);
        time.Advance(TimeSpan.FromMilliseconds(40));
        stored.Observe(new Batch([marker], 1, 1, time.GetUtcNow()), null);

        var builder = new FreshnessSplitBuilder(markers, maxWaitSecs: 10);
        var split = builder.Split(markers.All(), "store", SearchMode.Keyword);
        Assert.Equal((0L, 1L), (split.NotAcked, split.VisibleBeforeAck));
        Assert.Equal((100.0, 0.0, 60.0), (split.EmitToAck.P50Ms, split.AckToVisible.P50Ms, split.EmitToVisible.P50Ms));
        var trace = Assert.Single(builder.Traces(markers.All(), "store", [SearchMode.Keyword]));
        Assert.Equal(100, trace.EmitToAckMs);
    }

    private static string BenchTextOf(FreshnessSummary freshness)
    {
        var byMode = new Dictionary<string, IReadOnlyDictionary<string, FreshnessSummary>> { ["store"] = new Dictionary<string, FreshnessSummary> { ["keyword"] = freshness } };
        var bench = new BenchSummary("open", 10, 1, 1, new PreseedSummary(0, 0, 0, null), new BenchEntries(0, 0, 3), [], [], byMode,
            new Dictionary<string, IReadOnlyDictionary<string, object>>(), new BenchSeries(1, [], new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>>(), new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>>()));
        return BenchText.Format(bench);
    }

    /// <summary>Every marker's emit_to_ack + ack_to_visible = emit_to_visible in <paramref name="store"/> and <paramref name="mode"/>; returns how many were checked.</summary>
    private static int AssertSplitAddsUp(JsonElement bench, string store, string mode)
    {
        var checkedMarkers = 0;
        foreach (var marker in bench.GetProperty("markers").GetProperty(store).EnumerateArray())
        {
            var ack = marker.GetProperty("emit_to_ack_ms");
            var visible = marker.GetProperty("emit_to_visible_ms").GetProperty(mode);
            var between = marker.GetProperty("ack_to_visible_ms").GetProperty(mode);
            Assert.True(ack.ValueKind == JsonValueKind.Number && visible.ValueKind == JsonValueKind.Number, $"{store} {mode}: {marker}");
            Assert.True(Math.Abs(ack.GetDouble() + between.GetDouble() - visible.GetDouble()) < 0.002, $"{store} {mode}: {marker}");
            checkedMarkers++;
        }
        return checkedMarkers;
    }

    private static string Figures(JsonElement f) =>
        $"p50 {f.GetProperty("p50_ms")} / p99 {f.GetProperty("p99_ms")} / max {f.GetProperty("max_ms")} ms";

    private sealed class FiguresComparer : IEqualityComparer<FreshnessFigures>
    {
        public static readonly FiguresComparer Instance = new();
        public bool Equals(FreshnessFigures? x, FreshnessFigures? y) =>
            x is not null && y is not null && (x.Count, x.Censored, x.P50Ms, x.P99Ms, x.MaxMs) == (y.Count, y.Censored, y.P50Ms, y.P99Ms, y.MaxMs) && x.CensoredAt.SequenceEqual(y.CensoredAt);
        public int GetHashCode(FreshnessFigures obj) => 0;
    }
}
