using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>Reads a finished bench's measurements into its <see cref="BenchSummary"/>.</summary>
internal static class BenchSummaryBuilder
{
    public static BenchSummary Build(BenchPlan plan, PhaseClock clock, BenchMeasurements measurements, IReadOnlyList<ISearchStore> stores,
        PreseedSummary preseed, BenchEntries entries, PhaseWriteCounter writes, IReadOnlyDictionary<string, BenchTarget>? targets = null, MarkerTimes? markerTimes = null, WriteSeries? writeSeries = null)
    {
        var workload = plan.Config.Queries;
        var split = markerTimes is null ? null : new FreshnessSplitBuilder(markerTimes, plan.Config.Freshness.MaxWaitSecs);
        var markers = markerTimes?.All() ?? [];
        var capacity = plan.Config.Capacity;
        // In a capacity phase the query figures are the step's at the answer: its rate held for step_secs.
        double QuerySecs(int phase) => capacity?.StepSecs ?? clock.MeasuredSecs(phase);
        var phases = clock.Phases.Select((phase, i) => new PhaseSummary(
            phase.Name,
            phase.DurationSecs,
            phase.WriteRate,
            writes.For(i),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Query(measurements.For(store, mode), i, QuerySecs(i), workload.TimeoutMs)),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).Freshness[i],
                split?.Split(markers.Where(m => Math.Max(0, clock.PhaseAt(m.WrittenAt)) == i), store, mode)))))
            .Select((phase, i) => phase with
            {
                Driver = Driver(measurements, stores.Select(s => s.Name).ToList(), workload.Modes, phase, i, writes.CpuUse(i)),
                Probes = stores.ToDictionary(s => s.Name, s => Probes(measurements.ProbesIn(s.Name, i), phase.DurationSecs, plan.Config.Freshness.ProbeRatePerSec)),
                Histograms = ByStoreAndMode(stores, workload.Modes, (store, mode) => new CellHistograms(
                    measurements.For(store, mode).Queries[i].Latency.Encode(), measurements.For(store, mode).Freshness[i].Latency.Encode())),
            })
            .Select((phase, i) => phase with
            {
                Offered = Offered(phase, QuerySecs(i)),
                WarmupSecs = clock.Phases[i].WarmupSecs,
                Capacity = capacity is null ? null : ByStoreAndMode(stores, workload.Modes, (store, mode) =>
                    measurements.For(store, mode).Capacity[i] ?? new CapacityResult(0, null, null, "stopped", [])),
            })
            .ToList();

        var bands = clock.Phases.Select((p, i) => new PhaseBand(p.Name, clock.StartSecs(i), clock.EndSecs(i))).ToList();
        var series = new BenchSeries(
            measurements.SeriesInterval.TotalSeconds,
            bands,
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Samples(measurements.For(store, mode).QuerySeries)),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Samples(measurements.For(store, mode).FreshnessSeries)))
        {
            Errors = ByStoreAndMode(stores, workload.Modes, (store, mode) =>
                (IReadOnlyList<CountSample>)[.. measurements.For(store, mode).ErrorSeries.Points().Select(p => new CountSample(Math.Round(p.AtSecs, 3), p.Count))]),
            Recall = ByStoreAndMode(stores, workload.Modes, (store, mode) =>
                (IReadOnlyList<RecallSample>)[.. measurements.For(store, mode).RecallSeries.Points().Select(p => new RecallSample(Math.Round(p.AtSecs, 3), p.Count, Math.Round(p.Mean, 4)))]),
            Writes = writeSeries?.Points(),
        };

        return new BenchSummary(
            workload.Burst is null ? "open" : "closed",
            workload.TopK,
            workload.Burst is null && capacity is null ? workload.RatePerSec : 0,
            workload.Texts.Count,
            preseed,
            entries,
            plan.Needles.Select(n => n.Text).ToList(),
            phases,
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).FreshnessOverall, split?.Split(markers, store, mode))),
            stores.ToDictionary(s => s.Name, s => s.FreshnessSettings),
            series,
            workload.TimeoutMs,
            targets,
            stores.ToDictionary(s => s.Name, s => s.SearchSettings))
        {
            Markers = split is null || markers.Count == 0 ? null : stores.ToDictionary(s => s.Name, s => split.Traces(markers, s.Name, workload.Modes)),
            MarkersEvery = markerTimes is { Every: > 1 and var every } ? every : null,
            ExactEvery = plan.Config.Relevance.ExactEvery,
            Capacity = capacity,
        };
    }

    private static readonly (string Key, double Percentile)[] Percentiles = [("p50_ms", 50), ("p90_ms", 90), ("p95_ms", 95), ("p99_ms", 99), ("max_ms", 100)];

    internal static QuerySummary Query(StoreModeMeasurements cells, int phase, double seconds, int timeoutMs)
    {
        var cell = cells.Queries[phase];
        var all = cell.Latency.Snapshot();
        var ok = cell.Ok.Snapshot();
        var (recall, mrr, _) = cells.Relevance[phase].Means();
        var exact = cells.RecallExact[phase].Read();
        var errors = new QueryErrors(cell.Errors, cell.Count(QueryFailure.Timeout), cell.Count(QueryFailure.NotSent), cell.Count(QueryFailure.Refused), cell.Count(QueryFailure.Failed),
            QueryFailures.All.Where(r => cell.First(r) is not null).ToDictionary(r => r.Name(), r => cell.First(r)!));
        var censored = Percentiles.Where(p => LatencyHistogram.Censored(all.Count, ok.Count, p.Percentile)).Select(p => p.Key).ToList();
        // A censored figure is the timeout itself (the histogram would give its bucket's upper edge).
        double Figure(string key, double ms) => censored.Contains(key) ? timeoutMs : ms;
        return new QuerySummary(all.Count, errors, Math.Round(ok.Count / seconds, 2),
            Figure("p50_ms", all.P50Ms), Figure("p90_ms", all.P90Ms), Figure("p95_ms", all.P95Ms), Figure("p99_ms", all.P99Ms), Figure("max_ms", all.MaxMs),
            ok.P50Ms, ok.P99Ms, cell.Lateness.Snapshot().P99Ms, censored, recall, mrr)
        {
            RecallExact = exact.Recall,
            RecallExactSamples = exact.Count,
            RecallExactSkipped = exact.Skipped,
            RecallExactSkipReason = exact.SkipReason,
        };
    }

    /// <summary>A lateness p99 over this, or over a tenth of the p50 it would distort, makes the client untrusted.</summary>
    public static readonly TimeSpan TrustedLateness = TimeSpan.FromMilliseconds(1);

    internal static DriverSummary Driver(BenchMeasurements measurements, IReadOnlyList<string> stores, IReadOnlyList<SearchMode> modes, PhaseSummary phase, int index, double? cpu)
    {
        var all = new LatencyHistogram();
        var untrusted = new List<string>();
        foreach (var store in stores)
        {
            foreach (var mode in modes)
            {
                all.Add(measurements.For(store, mode).Queries[index].Lateness);
                var q = phase.Queries[store][mode.Name()];
                if (q.Count > 0 && (q.LatenessP99Ms > TrustedLateness.TotalMilliseconds || q.LatenessP99Ms > q.OkP50Ms / 10))
                    untrusted.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{store} {mode.Name()} send lateness p99 {q.LatenessP99Ms:0.###} ms against p50 {q.OkP50Ms:0.###} ms"));
            }
        }
        var warning = untrusted.Count == 0 ? null
            : $"the client cannot be trusted in this phase (lateness p99 over {TrustedLateness.TotalMilliseconds:0} ms or over a tenth of the p50): {string.Join("; ", untrusted)}";
        return new DriverSummary(all.Snapshot().P99Ms, cpu, Environment.ProcessorCount, warning);
    }

    private static ProbeSummary Probes(long count, double seconds, double budget) => new(count, Math.Round(count / seconds, 2), budget);

    /// <summary>Measured queries due (per second of the phase after its warm-up) + probes sent + entries written (per second of the phase).</summary>
    internal static OfferedLoad Offered(PhaseSummary phase, double measuredSecs)
    {
        var queries = phase.Queries.Values.SelectMany(m => m.Values).Sum(q => q.Count) / measuredSecs;
        var probes = (phase.Probes?.Values.Sum(p => p.Count) ?? 0) / phase.DurationSecs;
        var writes = (phase.Writes.Emitted + phase.Writes.Markers) / phase.DurationSecs;
        return new OfferedLoad(Math.Round(queries, 2), Math.Round(probes, 2), Math.Round(writes, 2), Math.Round(queries + probes + writes, 2));
    }

    /// <summary>With the markers' moments, the percentiles are emit_to_visible with the missing censored at max_wait_secs; the split beside them.</summary>
    private static FreshnessSummary Freshness(FreshnessCell cell, FreshnessSplit? split)
    {
        var latency = cell.Latency.Snapshot();
        if (split is null) return new FreshnessSummary(latency.Count + cell.Missing, latency.Count, cell.Missing, latency.P50Ms, latency.P99Ms, latency.MaxMs);
        var visible = split.EmitToVisible;
        return new FreshnessSummary(latency.Count + cell.Missing, latency.Count, cell.Missing, visible.P50Ms, visible.P99Ms, visible.MaxMs)
        {
            EmitToAck = split.EmitToAck,
            AckToVisible = split.AckToVisible,
            EmitToVisible = visible,
            NotAcked = split.NotAcked,
            VisibleBeforeAck = split.VisibleBeforeAck,
        };
    }

    private static IReadOnlyList<SeriesSample> Samples(LatencySeries series) =>
        series.Points().Select(p => new SeriesSample(Math.Round(p.AtSecs, 3), p.Latency.Count, p.Latency.P50Ms, p.Latency.P99Ms) { Histogram = p.Encoded }).ToList();

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> ByStoreAndMode<T>(
        IReadOnlyList<ISearchStore> stores, IReadOnlyList<SearchMode> modes, Func<string, SearchMode, T> read) =>
        stores.ToDictionary(s => s.Name, s => (IReadOnlyDictionary<string, T>)modes.ToDictionary(m => m.Name(), m => read(s.Name, m)));
}
