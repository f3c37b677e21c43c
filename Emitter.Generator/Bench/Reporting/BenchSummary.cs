using System.Text.Json.Serialization;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// The read side's results, the summary's <c>bench</c> member. Maps are keyed by sink name, then
/// mode (vector, keyword, hybrid).
/// </summary>
/// <param name="Loop">"open" (Poisson arrivals, latency from the scheduled time) or "closed" (bursts, latency = service time).</param>
/// <param name="Entries">What the bench itself wrote, part of the run's emitted count.</param>
/// <param name="Needles">The planted needles' messages (their copies are the right answers), to look them up in a store.</param>
public sealed record BenchSummary(
    string Loop,
    int TopK,
    double QueryRatePerSec,
    int Queries,
    PreseedSummary Preseed,
    BenchEntries Entries,
    IReadOnlyList<string> Needles,
    IReadOnlyList<PhaseSummary> Phases,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, FreshnessSummary>> Freshness,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> FreshnessSettings,
    BenchSeries Series)
{
    /// <summary>Each store's server version and the settings that govern its figures (index parameters, refresh, commit).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, StoreDescription>? Stores { get; init; }
}

/// <param name="ServerVersion">What the server reports (null: not asked or not answered; <paramref name="Note"/> says why).</param>
public sealed record StoreDescription(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ServerVersion,
    IReadOnlyDictionary<string, object?> Settings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);

/// <param name="IndexBuildSecs">Time to build the stores' indexes after the pre-seed (null: not asked for).</param>
public sealed record PreseedSummary(
    long Entries,
    double Secs,
    double Rate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? IndexBuildSecs);

/// <param name="Preseed">Pre-seed entries (the planted needles included).</param>
public sealed record BenchEntries(long Preseed, long Needles, long Markers);

public sealed record PhaseSummary(
    string Name,
    double DurationSecs,
    double WriteRate,
    PhaseWrites Writes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, QuerySummary>> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, FreshnessSummary>> Freshness)
{
    /// <summary>
    /// Per store and mode, the phase's HdrHistograms (standard compressed encoding, base64, microseconds):
    /// shards' summaries merge exactly and a report can recompute any percentile.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, CellHistograms>>? Histograms { get; init; }
}

/// <param name="Queries">The latencies behind the phase's query percentiles.</param>
/// <param name="Freshness">The found markers' write-to-searchable times.</param>
public sealed record CellHistograms(string Queries, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Freshness);

/// <param name="Emitted">Entries the services emitted during the phase.</param>
/// <param name="Markers">Freshness markers written during the phase.</param>
/// <param name="Delivered">Entries each sink wrote during the phase (markers included).</param>
public sealed record PhaseWrites(long Emitted, long Markers, IReadOnlyDictionary<string, long> Delivered);

/// <param name="Count">Queries due in the phase (errors included).</param>
/// <param name="Qps">Answered queries per second of the phase.</param>
/// <param name="RecallAtK">Mean recall@k of the planted needles asked for during the phase (null: none asked).</param>
public sealed record QuerySummary(
    long Count,
    long Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FirstError,
    double Qps,
    double P50Ms,
    double P90Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    double? RecallAtK,
    double? Mrr);

public sealed record FreshnessSummary(long Markers, long Found, long Missing, double P50Ms, double P99Ms, double MaxMs);

/// <summary>Per-interval percentiles for charts: <c>queries</c> and <c>freshness</c> by sink and mode.</summary>
public sealed record BenchSeries(
    double IntervalSecs,
    IReadOnlyList<PhaseBand> Phases,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>> Freshness)
{
    /// <summary>Failed queries per interval, by sink and mode.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<CountSample>>>? Errors { get; init; }

    /// <summary>Mean recall@k of the needle queries per interval, by sink and mode.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<RecallSample>>>? Recall { get; init; }

    /// <summary>The write side per interval: emitted and delivered rates, each sink's backlog.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Measurement.WritePoint>? Writes { get; init; }
}

public sealed record CountSample(double AtSecs, long Count);

public sealed record RecallSample(double AtSecs, long Count, double Mean);

public sealed record PhaseBand(string Name, double StartSecs, double EndSecs);

public sealed record SeriesSample(double AtSecs, long Count, double P50Ms, double P99Ms)
{
    /// <summary>The interval's histogram (compressed HdrHistogram, base64), so a chart merges intervals until a p99 has 100 samples.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Histogram { get; init; }
}
