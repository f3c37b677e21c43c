using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// The bench sections of one run's shards as one: each phase x store x mode's histograms added
/// (so the percentiles are those of every shard's queries together, exactly), counts and rates
/// summed, recall weighted by each shard's queries. Shards must have run the same phases.
/// </summary>
public static class BenchMerger
{
    public static BenchSummary Merge(IReadOnlyList<(string Path, BenchSummary Bench)> parts)
    {
        var (firstPath, first) = parts[0];
        foreach (var (path, bench) in parts)
        {
            if (!bench.Phases.Select(p => p.Name).SequenceEqual(first.Phases.Select(p => p.Name)))
                throw new ConfigException($"{path}: its bench phases differ from {firstPath}'s: not shards of one run");
            if (bench.Capacity is not null)
                throw new ConfigException($"{path}: its bench searched capacity (bench.capacity): each shard searched on its own while the others loaded the same servers, so their answers neither add up nor merge");
            if (bench.Phases.Any(p => p.Histograms is null))
                throw new ConfigException($"{path}: its bench phases carry no histograms (a summary from before they were kept): percentiles cannot be merged exactly");
        }
        var phases = first.Phases.Select((phase, i) =>
        {
            var same = parts.Select(p => p.Bench.Phases[i]).ToList();
            var histograms = Cells(same, p => p.Histograms!, (store, mode, cells) =>
                new CellHistograms(Add(cells.Select(c => c.Queries)).Encode(), cells.All(c => c.Freshness is not null) ? Add(cells.Select(c => c.Freshness!)).Encode() : null));
            return phase with
            {
                Writes = new PhaseWrites(same.Sum(p => p.Writes.Emitted), same.Sum(p => p.Writes.Markers), Sum(same.Select(p => p.Writes.Delivered))),
                Queries = Cells(same, p => p.Queries, (store, mode, cells) => Query(cells, histograms[store][mode].Queries, first.TimeoutMs)),
                Freshness = Cells(same, p => p.Freshness, (store, mode, cells) => Freshness(cells, histograms[store][mode].Freshness)),
                Histograms = histograms,
            };
        }).ToList();

        return first with
        {
            QueryRatePerSec = parts.Sum(p => p.Bench.QueryRatePerSec),
            Preseed = first.Preseed with { Entries = parts.Sum(p => p.Bench.Preseed.Entries), Rate = parts.Sum(p => p.Bench.Preseed.Rate), Secs = parts.Max(p => p.Bench.Preseed.Secs) },
            Entries = new BenchEntries(parts.Sum(p => p.Bench.Entries.Preseed), parts.Sum(p => p.Bench.Entries.Needles), parts.Sum(p => p.Bench.Entries.Markers)),
            Phases = phases,
            // The run-wide freshness: every phase's found markers together.
            Freshness = Cells(phases, p => p.Freshness, (store, mode, cells) => Freshness(cells,
                phases.All(p => p.Histograms![store][mode].Freshness is not null) ? Add(phases.Select(p => p.Histograms![store][mode].Freshness!)).Encode() : null)),
        };
    }

    /// <summary>
    /// The shards' cells as one: percentiles over every due query from the added histograms (which
    /// hold the unanswered ones at the timeout, so a censored figure stays censored), errors added
    /// by reason. The success-only figures and lateness have no histogram here: the worst shard's.
    /// </summary>
    private static QuerySummary Query(IReadOnlyList<QuerySummary> cells, string histogram, int timeoutMs)
    {
        var latency = LatencyHistogram.Decode(histogram).Snapshot();
        var count = cells.Sum(c => c.Count);
        var errors = new QueryErrors(cells.Sum(c => c.Errors.Total), cells.Sum(c => c.Errors.Timeout), cells.Sum(c => c.Errors.NotSent),
            cells.Sum(c => c.Errors.Refused), cells.Sum(c => c.Errors.Failed),
            cells.SelectMany(c => c.Errors.First).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value));
        (string Key, double Percentile, double Ms)[] figures = [("p50_ms", 50, latency.P50Ms), ("p90_ms", 90, latency.P90Ms), ("p95_ms", 95, latency.P95Ms), ("p99_ms", 99, latency.P99Ms), ("max_ms", 100, latency.MaxMs)];
        var censored = figures.Where(f => LatencyHistogram.Censored(count, count - errors.Total, f.Percentile)).Select(f => f.Key).ToList();
        double Figure(int i) => censored.Contains(figures[i].Key) ? timeoutMs : figures[i].Ms;
        return new QuerySummary(count, errors, Math.Round(cells.Sum(c => c.Qps), 2),
            Figure(0), Figure(1), Figure(2), Figure(3), Figure(4),
            cells.Max(c => c.OkP50Ms), cells.Max(c => c.OkP99Ms), cells.Max(c => c.LatenessP99Ms), censored,
            Weighted(cells, c => c.RecallAtK), Weighted(cells, c => c.Mrr));
    }

    private static FreshnessSummary Freshness(IReadOnlyList<FreshnessSummary> cells, string? histogram)
    {
        var latency = histogram is null ? null : LatencyHistogram.Decode(histogram).Snapshot();
        return new FreshnessSummary(cells.Sum(c => c.Markers), cells.Sum(c => c.Found), cells.Sum(c => c.Missing),
            latency?.P50Ms ?? cells.Max(c => c.P50Ms), latency?.P99Ms ?? cells.Max(c => c.P99Ms), latency?.MaxMs ?? cells.Max(c => c.MaxMs));
    }

    private static double? Weighted(IReadOnlyList<QuerySummary> cells, Func<QuerySummary, double?> read)
    {
        var known = cells.Where(c => read(c) is not null).ToList();
        var weight = known.Sum(c => Math.Max(1, c.Count));
        return known.Count == 0 ? null : Math.Round(known.Sum(c => read(c)!.Value * Math.Max(1, c.Count)) / weight, 4);
    }

    private static LatencyHistogram Add(IEnumerable<string> encoded)
    {
        var sum = new LatencyHistogram();
        foreach (var e in encoded) sum.Add(LatencyHistogram.Decode(e));
        return sum;
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, TOut>> Cells<TPart, TIn, TOut>(IReadOnlyList<TPart> parts,
        Func<TPart, IReadOnlyDictionary<string, IReadOnlyDictionary<string, TIn>>> read, Func<string, string, IReadOnlyList<TIn>, TOut> merge) =>
        read(parts[0]).ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, TOut>)s.Value.ToDictionary(m => m.Key,
            m => merge(s.Key, m.Key, parts.Select(p => read(p).TryGetValue(s.Key, out var modes) && modes.TryGetValue(m.Key, out var cell) ? cell
                : throw new ConfigException($"merge-summaries: store {s.Key} mode {m.Key} is missing from a shard's bench section")).ToList())));

    private static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> parts) =>
        parts.SelectMany(p => p).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
}
