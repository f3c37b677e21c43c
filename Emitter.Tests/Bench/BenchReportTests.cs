using System.Diagnostics.Metrics;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Bench;

/// <summary>Where a bench's figures go besides the summary: OpenTelemetry as they happen, the chart at the end.</summary>
public class BenchReportTests
{
    private static readonly BenchPhase[] Phases = [new("steady", 10, 0), new("heavy", 10, 2)];

    [Fact]
    public void Query_latency_and_freshness_are_recorded_on_Emitters_meter_tagged_store_mode_and_phase()
    {
        var recorded = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EmitterDiagnostics.Name && instrument.Name.StartsWith("emitter.bench.", StringComparison.Ordinal)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var store = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            // Other tests may record too: keep only this test's store.
            if (Equals(store.GetValueOrDefault("store"), "meter-test")) lock (recorded) recorded.Add((instrument.Name, value, store));
        });
        listener.Start();

        var measurements = new BenchMeasurements(new PhaseClock(Phases), ["meter-test"], [SearchMode.Hybrid]);
        measurements.Query("meter-test", SearchMode.Hybrid, new QueryOutcome(TimeSpan.FromSeconds(12), TimeSpan.FromMilliseconds(40), null));
        measurements.MarkerFound("meter-test", SearchMode.Hybrid, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(700));

        Assert.Collection(recorded.OrderBy(r => r.Instrument, StringComparer.Ordinal),
            freshness =>
            {
                Assert.Equal("emitter.bench.freshness", freshness.Instrument);
                Assert.Equal(0.7, freshness.Value, 6);
                Assert.Equal("steady", freshness.Tags["phase"]);
            },
            query =>
            {
                Assert.Equal("emitter.bench.query.duration", query.Instrument);
                Assert.Equal(0.04, query.Value, 6);
                Assert.Equal("hybrid", query.Tags["mode"]);
                Assert.Equal("heavy", query.Tags["phase"]);
            });
    }

    [Fact]
    public void The_chart_is_a_PNG_beside_the_summary()
    {
        var measurements = new BenchMeasurements(new PhaseClock(Phases), ["pgvector"], [SearchMode.Vector]);
        for (var s = 0; s < 20; s++)
        {
            measurements.Query("pgvector", SearchMode.Vector, new QueryOutcome(TimeSpan.FromSeconds(s + 0.5), TimeSpan.FromMilliseconds(5 + s * s), null));
            measurements.MarkerFound("pgvector", SearchMode.Vector, TimeSpan.FromSeconds(s), TimeSpan.FromMilliseconds(100 + 50 * s));
        }
        var cells = measurements.For("pgvector", SearchMode.Vector);
        Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>> Series(LatencySeries series) => new()
        {
            ["pgvector"] = new Dictionary<string, IReadOnlyList<SeriesSample>>
            {
                ["vector"] = series.Points().Select(p => new SeriesSample(p.AtSecs, p.Latency.Count, p.Latency.P50Ms, p.Latency.P99Ms)).ToList(),
            },
        };
        var freshness = new Dictionary<string, IReadOnlyDictionary<string, FreshnessSummary>>
        {
            ["pgvector"] = new Dictionary<string, FreshnessSummary> { ["vector"] = new(21, 20, 1, 500, 1000, 1050) },
        };
        var summary = new BenchSummary("open", 10, 10, 45, new PreseedSummary(100, 1, 100, null), new BenchEntries(100, 0, 21), [], [], freshness,
            new Dictionary<string, IReadOnlyDictionary<string, object>>(),
            new BenchSeries(1, [new("steady", 0, 10), new("heavy", 10, 20)], Series(cells.QuerySeries), Series(cells.FreshnessSeries)));

        using var dir = new TempConfig("");
        var path = BenchChart.PathBeside(Path.Combine(dir.Directory, "run.json"));
        BenchChart.Write(summary, path, NullLogger.Instance);

        Assert.Equal(Path.Combine(dir.Directory, "run.png"), path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.True(bytes.Length > 20_000, $"a drawn chart, not an empty image ({bytes.Length} bytes)");
    }
}
