using Emitter.Generator.Bench.Config;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Stores;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>Reads a finished bench's measurements into its <see cref="BenchSummary"/>.</summary>
internal static class BenchSummaryBuilder
{
    public static BenchSummary Build(BenchPlan plan, PhaseClock clock, BenchMeasurements measurements, IReadOnlyList<ISearchStore> stores,
        PreseedSummary preseed, BenchEntries entries, PhaseWriteCounter writes)
    {
        var workload = plan.Config.Queries;
        var phases = clock.Phases.Select((phase, i) => new PhaseSummary(
            phase.Name,
            phase.DurationSecs,
            phase.WriteRate,
            writes.For(i),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Query(measurements.For(store, mode), i, phase.DurationSecs, workload.TimeoutMs)),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).Freshness[i]))))
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
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).FreshnessOverall)),
            stores.ToDictionary(s => s.Name, s => s.FreshnessSettings),
            series,
            workload.TimeoutMs);
    }

    private static readonly (string Key, double Percentile)[] Percentiles = [("p50_ms", 50), ("p90_ms", 90), ("p95_ms", 95), ("p99_ms", 99), ("max_ms", 100)];

    internal static QuerySummary Query(StoreModeMeasurements cells, int phase, double seconds, int timeoutMs)
    {
        var cell = cells.Queries[phase];
        var all = cell.Latency.Snapshot();
        var ok = cell.Ok.Snapshot();
        var (recall, mrr, _) = cells.Relevance[phase].Means();
        var errors = new QueryErrors(cell.Errors, cell.Count(QueryFailure.Timeout), cell.Count(QueryFailure.NotSent), cell.Count(QueryFailure.Refused), cell.Count(QueryFailure.Failed),
            QueryFailures.All.Where(r => cell.First(r) is not null).ToDictionary(r => r.Name(), r => cell.First(r)!));
        var censored = Percentiles.Where(p => LatencyHistogram.Censored(all.Count, ok.Count, p.Percentile)).Select(p => p.Key).ToList();
        // A censored figure is the timeout itself (the histogram would give its bucket's upper edge).
        double Figure(string key, double ms) => censored.Contains(key) ? timeoutMs : ms;
        return new QuerySummary(all.Count, errors, Math.Round(ok.Count / seconds, 2),
            Figure("p50_ms", all.P50Ms), Figure("p90_ms", all.P90Ms), Figure("p95_ms", all.P95Ms), Figure("p99_ms", all.P99Ms), Figure("max_ms", all.MaxMs),
            ok.P50Ms, ok.P99Ms, cell.Lateness.Snapshot().P99Ms, censored, recall, mrr);
    }

    private static FreshnessSummary Freshness(FreshnessCell cell)
    {
        var latency = cell.Latency.Snapshot();
        return new FreshnessSummary(latency.Count + cell.Missing, latency.Count, cell.Missing, latency.P50Ms, latency.P99Ms, latency.MaxMs);
    }

    private static IReadOnlyList<SeriesSample> Samples(LatencySeries series) =>
        series.Points().Select(p => new SeriesSample(Math.Round(p.AtSecs, 3), p.Latency.Count, p.Latency.P50Ms, p.Latency.P99Ms)).ToList();

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> ByStoreAndMode<T>(
        IReadOnlyList<ISearchStore> stores, IReadOnlyList<SearchMode> modes, Func<string, SearchMode, T> read) =>
        stores.ToDictionary(s => s.Name, s => (IReadOnlyDictionary<string, T>)modes.ToDictionary(m => m.Name(), m => read(s.Name, m)));
}
