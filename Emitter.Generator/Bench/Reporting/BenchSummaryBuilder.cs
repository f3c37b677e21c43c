using Emitter.Generator.Bench.Config;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Stores;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>Reads a finished bench's measurements into its <see cref="BenchSummary"/>.</summary>
internal static class BenchSummaryBuilder
{
    public static BenchSummary Build(BenchPlan plan, PhaseClock clock, BenchMeasurements measurements, IReadOnlyList<ISearchStore> stores,
        PreseedSummary preseed, BenchEntries entries, PhaseWriteCounter writes, WriteSeries? writeSeries = null)
    {
        var workload = plan.Config.Queries;
        var phases = clock.Phases.Select((phase, i) => new PhaseSummary(
            phase.Name,
            phase.DurationSecs,
            phase.WriteRate,
            writes.For(i),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Query(measurements.For(store, mode), i, phase.DurationSecs)),
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).Freshness[i])))
            {
                Histograms = ByStoreAndMode(stores, workload.Modes, (store, mode) => new CellHistograms(
                    measurements.For(store, mode).Queries[i].Latency.Encode(), measurements.For(store, mode).Freshness[i].Latency.Encode())),
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
            workload.Burst is null ? workload.RatePerSec : 0,
            workload.Texts.Count,
            preseed,
            entries,
            plan.Needles.Select(n => n.Text).ToList(),
            phases,
            ByStoreAndMode(stores, workload.Modes, (store, mode) => Freshness(measurements.For(store, mode).FreshnessOverall)),
            stores.ToDictionary(s => s.Name, s => s.FreshnessSettings),
            series);
    }

    private static QuerySummary Query(StoreModeMeasurements cells, int phase, double seconds)
    {
        var cell = cells.Queries[phase];
        var latency = cell.Latency.Snapshot();
        var (recall, mrr, _) = cells.Relevance[phase].Means();
        return new QuerySummary(latency.Count + cell.Errors, cell.Errors, cell.FirstError, Math.Round(latency.Count / seconds, 2),
            latency.P50Ms, latency.P90Ms, latency.P95Ms, latency.P99Ms, latency.MaxMs, recall, mrr);
    }

    private static FreshnessSummary Freshness(FreshnessCell cell)
    {
        var latency = cell.Latency.Snapshot();
        return new FreshnessSummary(latency.Count + cell.Missing, latency.Count, cell.Missing, latency.P50Ms, latency.P99Ms, latency.MaxMs);
    }

    private static IReadOnlyList<SeriesSample> Samples(LatencySeries series) =>
        series.Points().Select(p => new SeriesSample(Math.Round(p.AtSecs, 3), p.Latency.Count, p.Latency.P50Ms, p.Latency.P99Ms) { Histogram = p.Encoded }).ToList();

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, T>> ByStoreAndMode<T>(
        IReadOnlyList<ISearchStore> stores, IReadOnlyList<SearchMode> modes, Func<string, SearchMode, T> read) =>
        stores.ToDictionary(s => s.Name, s => (IReadOnlyDictionary<string, T>)modes.ToDictionary(m => m.Name(), m => read(s.Name, m)));
}
