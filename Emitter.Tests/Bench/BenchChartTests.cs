using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Telemetry;

namespace Emitter.Tests.Bench;

/// <summary>What the charts draw and what a person watching a bench reads as it runs.</summary>
public class BenchChartTests
{
    [Fact]
    public void A_p99_is_drawn_only_from_windows_of_at_least_100_queries_merged_within_a_phase()
    {
        var phases = new PhaseBand[] { new("steady", 0, 5), new("heavy", 5, 10) };
        var series = new LatencySeries(TimeSpan.FromSeconds(1));
        var firstWindow = new LatencyHistogram(significantDigits: 2);
        var random = new Random(5);
        for (var second = 0; second < 10; second++)
        {
            // 30 queries a second: no single interval holds 100.
            for (var i = 0; i < 30; i++)
            {
                var latency = TimeSpan.FromMilliseconds(second < 5 ? 1 + random.Next(10) : 50 + random.Next(500));
                series.Record(TimeSpan.FromSeconds(second + 0.5), latency);
                if (second < 4) firstWindow.Record(latency);
            }
        }
        var samples = series.Points().Select(p => new SeriesSample(p.AtSecs, p.Latency.Count, p.Latency.P50Ms, p.Latency.P99Ms) { Histogram = p.Encoded }).ToList();

        var windows = BenchChart.Merge(samples, phases, BenchChart.MinSamplesForP99);

        // Each phase: intervals 1-4 make 120 queries, the fifth's 30 cannot reach 100 before the phase ends and are not drawn.
        Assert.Equal([2.0, 7.0], windows.Select(w => w.AtSecs));
        Assert.Equal(firstWindow.Snapshot().P99Ms, windows[0].P99Ms);
        Assert.True(windows[1].P99Ms > 100, "the heavy phase's window holds only heavy-phase queries");
        // A summary without interval histograms: no interval has 100 queries, so nothing is drawn.
        Assert.Empty(BenchChart.Merge([.. samples.Select(s => s with { Histogram = null })], phases, BenchChart.MinSamplesForP99));
    }

    [Fact]
    public void The_chart_has_eight_panels_in_PNG_and_SVG_beside_the_summary()
    {
        var samples = Enumerable.Range(0, 10).Select(i => new SeriesSample(i + 0.5, 150, 2 + i, 20 + i)).ToList();
        var series = new BenchSeries(1, [new("steady", 0, 5), new("heavy", 5, 10)],
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>> { ["pgvector"] = new Dictionary<string, IReadOnlyList<SeriesSample>> { ["vector"] = samples, ["keyword"] = samples } },
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>>())
        {
            Writes = [.. Enumerable.Range(0, 10).Select(i => new WritePoint(i + 0.5, 100 * i, new Dictionary<string, double> { ["pgvector"] = 90 * i }, new Dictionary<string, long> { ["pgvector"] = 10 * i }, 3))],
        };

        var panels = BenchChart.PanelSvgs(series, "open");

        Assert.Equal(8, panels.Count);
        Assert.Contains(panels, p => p.Title.StartsWith("Query latency p99", StringComparison.Ordinal));
        Assert.Contains(panels, p => p.Title.StartsWith("Write backlog", StringComparison.Ordinal));
        Assert.All(panels, p => Assert.Contains("<svg", p.Svg, StringComparison.Ordinal));
        // One colour per store, one line style per mode, both named in the legend.
        Assert.Contains("pgvector keyword", panels[0].Svg);
        Assert.Contains("pgvector vector", panels[0].Svg);
    }

    [Fact]
    public void The_progress_line_shows_each_store_and_modes_last_interval_and_starts_afresh()
    {
        var measurements = new BenchMeasurements(new PhaseClock([new BenchPhase("steady", 60, 0)]), ["pgvector"], [SearchMode.Vector, SearchMode.Keyword]);
        for (var i = 0; i < 100; i++)
            measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(i < 99 ? 2 : 40), null));
        measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), "timeout"));
        measurements.MarkerFound("pgvector", SearchMode.Vector, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
        measurements.MarkerMissing("pgvector", SearchMode.Vector, TimeSpan.FromSeconds(2));

        var line = BenchProgress.Line(measurements, ["pgvector"], [SearchMode.Vector, SearchMode.Keyword], TimeSpan.FromSeconds(10));
        var again = BenchProgress.Line(measurements, ["pgvector"], [SearchMode.Vector, SearchMode.Keyword], TimeSpan.FromSeconds(10));

        Assert.Equal("reads: pgvector vector 10 qps p50 2 ms p99 2 ms 1 err, markers 1 found 1 missing; pgvector keyword 0 qps p50 - p99 - 0 err, markers 0 found 0 missing", line);
        Assert.StartsWith("reads: pgvector vector 0 qps p50 - p99 - 0 err, markers 1 found 1 missing;", again);
    }

    [Fact]
    public void Latency_histograms_have_buckets_that_separate_milliseconds()
    {
        foreach (var histogram in new[] { EmitterDiagnostics.BenchQueryDuration, EmitterDiagnostics.BenchFreshness, EmitterDiagnostics.SinkWriteDuration })
        {
            var bounds = histogram.Advice?.HistogramBucketBoundaries ?? throw new InvalidOperationException($"{histogram.Name}: no bucket advice");
            int Bucket(double seconds) => bounds.Count(b => b < seconds);
            // 1 ms from 4 ms from 8 ms from 40 ms from 400 ms: each in its own bucket (the SDK's defaults put all of them in one).
            Assert.Equal(5, new[] { 0.001, 0.004, 0.008, 0.04, 0.4 }.Select(Bucket).Distinct().Count());
            Assert.True(bounds[^1] >= 30, $"{histogram.Name}: timeouts (seconds) keep a bucket of their own");
        }
    }
}
