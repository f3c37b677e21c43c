using System.Text.Json;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Bench;

/// <summary>
/// Survivor bias: every due query is in the percentiles, a query without an answer at the
/// timeout (censored), and a percentile that falls on one is marked so.
/// </summary>
public class CensoredLatencyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(QueryWorkload.DefaultTimeoutMs);

    private static QuerySummary Phase(int ok, int timedOut, int notSent, int refused)
    {
        var measurements = new BenchMeasurements(new PhaseClock([new BenchPhase("heavy", 10, 1)]), ["pgvector"], [SearchMode.Vector]);
        var at = TimeSpan.FromSeconds(1);
        for (var i = 0; i < ok; i++) measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(at, TimeSpan.FromMilliseconds(10 + i % 10), null, Lateness: TimeSpan.FromMilliseconds(0.2)));
        for (var i = 0; i < timedOut; i++) measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(at, Timeout, $"no answer within timeout_ms #{i}", QueryFailure.Timeout));
        for (var i = 0; i < notSent; i++) measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(at, Timeout, "not sent: max_outstanding", QueryFailure.NotSent));
        for (var i = 0; i < refused; i++) measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(at, Timeout, "HTTP 429", QueryFailure.Refused));
        return BenchSummaryBuilder.Query(measurements.For("pgvector", SearchMode.Vector), 0, 10, QueryWorkload.DefaultTimeoutMs);
    }

    [Fact]
    public void Failed_timed_out_and_unsent_queries_count_at_the_timeout_and_the_percentiles_on_them_are_marked_censored()
    {
        // 95 answered in 10-19 ms; 3 timed out, 1 not sent, 1 refused.
        var q = Phase(ok: 95, timedOut: 3, notSent: 1, refused: 1);

        Assert.Equal(100, q.Count);
        Assert.Equal((5L, 3L, 1L, 1L, 0L), (q.Errors.Total, q.Errors.Timeout, q.Errors.NotSent, q.Errors.Refused, q.Errors.Failed));
        Assert.Equal("no answer within timeout_ms #0", q.Errors.First["timeout"]);
        Assert.Equal(["not_sent", "refused", "timeout"], q.Errors.First.Keys.Order());
        // The survivors' p99 would be 19 ms; over every due query it is the timeout, and says so.
        Assert.Equal(Timeout.TotalMilliseconds, q.P99Ms);
        Assert.Equal(Timeout.TotalMilliseconds, q.MaxMs);
        Assert.Equal(["p99_ms", "max_ms"], q.Censored);
        Assert.InRange(q.P95Ms, 10, 20); // the 95th of 100 is the last success
        Assert.InRange(q.OkP99Ms, 19, 20);
        Assert.InRange(q.OkP50Ms, 14, 15);
        Assert.Equal(0.2, q.LatenessP99Ms, 1);
        Assert.Equal(9.5, q.Qps); // answered per second

        // Nothing censored without failures; everything with nothing but failures.
        Assert.Empty(Phase(ok: 50, 0, 0, 0).Censored);
        Assert.Equal(["p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms"], Phase(ok: 0, timedOut: 4, 0, 0).Censored);
    }

    [Fact]
    public void The_table_prints_a_censored_percentile_with_greater_or_equal_and_the_json_splits_errors_by_reason()
    {
        var q = Phase(ok: 95, timedOut: 3, notSent: 1, refused: 1);
        var phase = new PhaseSummary("heavy", 10, 1, new PhaseWrites(0, 0, new Dictionary<string, long>()),
            new Dictionary<string, IReadOnlyDictionary<string, QuerySummary>> { ["pgvector"] = new Dictionary<string, QuerySummary> { ["vector"] = q } },
            new Dictionary<string, IReadOnlyDictionary<string, FreshnessSummary>> { ["pgvector"] = new Dictionary<string, FreshnessSummary> { ["vector"] = new(0, 0, 0, 0, 0, 0) } });
        var bench = new BenchSummary("open", 10, 10, 1, new PreseedSummary(0, 0, 0, null), new BenchEntries(0, 0, 0), [], [phase],
            new Dictionary<string, IReadOnlyDictionary<string, FreshnessSummary>>(), new Dictionary<string, IReadOnlyDictionary<string, object>>(),
            new BenchSeries(1, [], new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>>(), new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>>()));

        var text = BenchText.Format(bench);
        Assert.Contains(">=5000.00", text);
        Assert.Contains("3 timeout, first: no answer within timeout_ms #0", text);
        Assert.Contains("1 not_sent, first: not sent: max_outstanding", text);
        var row = text.Split('\n').Single(l => l.Contains("pgvector"));
        Assert.Equal(2, row.Split(">=").Length - 1); // p99 and max, not p95

        var json = JsonSerializer.Serialize(bench, RunSummary.Json);
        using var doc = JsonDocument.Parse(json);
        var errors = doc.RootElement.GetProperty("phases")[0].GetProperty("queries").GetProperty("pgvector").GetProperty("vector").GetProperty("errors");
        Assert.Equal(3, errors.GetProperty("timeout").GetInt64());
        Assert.Equal(1, errors.GetProperty("not_sent").GetInt64());
        Assert.Equal(1, errors.GetProperty("refused").GetInt64());
        Assert.Equal(0, errors.GetProperty("failed").GetInt64());
        Assert.Equal(5, errors.GetProperty("total").GetInt64());
        Assert.Equal("HTTP 429", errors.GetProperty("first").GetProperty("refused").GetString());
        Assert.Equal(5000, doc.RootElement.GetProperty("timeout_ms").GetInt32());
    }

    [Theory]
    [InlineData(0.2, 10, false)] // under 1 ms and under a tenth of 10 ms
    [InlineData(3, 100, true)] // over 1 ms
    [InlineData(0.5, 2, true)] // under 1 ms but over a tenth of a 2 ms p50
    public void The_client_is_flagged_untrusted_when_its_send_lateness_p99_is_over_1_ms_or_a_tenth_of_the_p50(double latenessMs, double p50Ms, bool warned)
    {
        var measurements = new BenchMeasurements(new PhaseClock([new BenchPhase("heavy", 10, 1)]), ["qdrant"], [SearchMode.Hybrid]);
        for (var i = 0; i < 200; i++)
            measurements.Query("qdrant", SearchMode.Hybrid, new QueryOutcome(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(p50Ms), null, Lateness: TimeSpan.FromMilliseconds(latenessMs)));
        var q = BenchSummaryBuilder.Query(measurements.For("qdrant", SearchMode.Hybrid), 0, 10, QueryWorkload.DefaultTimeoutMs);
        var phase = new PhaseSummary("heavy", 10, 1, new PhaseWrites(0, 0, new Dictionary<string, long>()),
            new Dictionary<string, IReadOnlyDictionary<string, QuerySummary>> { ["qdrant"] = new Dictionary<string, QuerySummary> { ["hybrid"] = q } },
            new Dictionary<string, IReadOnlyDictionary<string, FreshnessSummary>>());

        var driver = BenchSummaryBuilder.Driver(measurements, ["qdrant"], [SearchMode.Hybrid], phase, 0, cpu: 0.4);

        Assert.Equal(latenessMs, driver.LatenessP99Ms, 1);
        Assert.Equal(0.4, driver.Cpu);
        Assert.Equal(warned, driver.Warning is not null);
        if (warned) Assert.Contains("qdrant hybrid send lateness p99", driver.Warning);
        var json = JsonSerializer.Serialize(phase with { Driver = driver }, RunSummary.Json);
        Assert.Equal(warned, json.Contains("\"warning\"", StringComparison.Ordinal));
        Assert.Contains("\"lateness_p99_ms\"", json);
    }

    [Fact]
    public void Queries_due_in_a_phases_warmup_are_left_out_of_its_figures_and_its_rate_is_over_the_rest()
    {
        var clock = new PhaseClock([new BenchPhase("steady", 10, 0), new BenchPhase("heavy", 10, 2) { WarmupSecs = 4 }]);
        var measurements = new BenchMeasurements(clock, ["pgvector"], [SearchMode.Keyword]);
        foreach (var at in new[] { 1.0, 9.9, 10.0, 13.9, 14.0, 19.0 })
            measurements.Query("pgvector", SearchMode.Keyword, new QueryOutcome(TimeSpan.FromSeconds(at), TimeSpan.FromMilliseconds(900), null));

        var cells = measurements.For("pgvector", SearchMode.Keyword);
        Assert.Equal(2, cells.Queries[0].Latency.Count);
        Assert.Equal(2, cells.Queries[1].Latency.Count); // 14.0 and 19.0; 10.0 and 13.9 fell in the warm-up
        var heavy = BenchSummaryBuilder.Query(cells, 1, clock.MeasuredSecs(1), QueryWorkload.DefaultTimeoutMs);
        Assert.Equal(2 / 6.0, heavy.Qps, 2);
    }
}
