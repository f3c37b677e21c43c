using Emitter.Generator.Bench.Config;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Stores;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>Reads a finished bench's measurements into its <see cref="BenchSummary"/>.</summary>
internal static class BenchSummaryBuilder
{
    public static BenchSummary Build(BenchPlan plan, PhaseClock clock, BenchMeasurements measurements, IReadOnlyList<ISearchStore> stores,
        PreseedSummary preseed, BenchEntries entries, PhaseWriteCounter writes, MarkerTimes? markerTimes = null)
    {
        var workload = plan.Config.Queries;
        var split = markerTimes is null ? null : new FreshnessSplitBuilder(markerTimes, plan.Config.Freshness.MaxWaitSecs);
        var markers = markerTimes?.All() ?? [];
        var phases = clock.Phases.Select((phase, i) => new PhaseSummary(
            phase.Name,
            phase.DurationSecs,
            phase.WriteRate,
            writes.For(i),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Query(measurements.For(store, mode), i, phase.DurationSecs)),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).Freshness[i],
                split?.Split(markers.Where(m => Math.Max(0, clock.PhaseAt(m.WrittenAt)) == i), store, mode)))))
            .ToList();

        var bands = clock.Phases.Select((p, i) => new PhaseBand(p.Name, clock.StartSecs(i), clock.EndSecs(i))).ToList();
        var series = new BenchSeries(
            measurements.SeriesInterval.TotalSeconds,
            bands,
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Samples(measurements.For(store, mode).QuerySeries)),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Samples(measurements.For(store, mode).FreshnessSeries)));

        return new BenchSummary(
            workload.Burst is null ? "open" : "closed",
            workload.TopK,
            workload.Burst is null ? workload.RatePerSec : 0,
            workload.Texts.Count,
            preseed,
            entries,
            plan.Needles.Select(n => n.Text).ToList(),
            phases,
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).FreshnessOverall, split?.Split(markers, store, mode))),
            stores.ToDictionary(s => s.Name, s => s.FreshnessSettings),
            series)
        {
            Markers = split is null || markers.Count == 0 ? null : stores.ToDictionary(s => s.Name, s => split.Traces(markers, s.Name, workload.Modes)),
            ExactEvery = plan.Config.Relevance.ExactEvery,
        };
    }

    private static QuerySummary Query(StoreModeMeasurements cells, int phase, double seconds)
    {
        var cell = cells.Queries[phase];
        var latency = cell.Latency.Snapshot();
        var (recall, mrr, _) = cells.Relevance[phase].Means();
        var exact = cells.RecallExact[phase].Read();
        return new QuerySummary(latency.Count + cell.Errors, cell.Errors, cell.FirstError, Math.Round(latency.Count / seconds, 2),
            latency.P50Ms, latency.P90Ms, latency.P95Ms, latency.P99Ms, latency.MaxMs, recall, mrr)
        {
            RecallExact = exact.Recall,
            RecallExactSamples = exact.Count,
            RecallExactSkipped = exact.Skipped,
            RecallExactSkipReason = exact.SkipReason,
        };
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
        series.Points().Select(p => new SeriesSample(Math.Round(p.AtSecs, 3), p.Latency.Count, p.Latency.P50Ms, p.Latency.P99Ms)).ToList();

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> ByStoreAndMode<T>(
        IReadOnlyList<ISearchStore> stores, IReadOnlyList<SearchMode> modes, Func<string, SearchMode, T> read) =>
        stores.ToDictionary(s => s.Name, s => (IReadOnlyDictionary<string, T>)modes.ToDictionary(m => m.Name(), m => read(s.Name, m)));
}
