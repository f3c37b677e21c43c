using System.Text.Json.Serialization;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// The read side's results, the summary's <c>bench</c> member. Maps are keyed by sink name, then
/// mode (vector, keyword, hybrid).
/// </summary>
/// <param name="TimeoutMs">bench.queries.timeout_ms: a query without an answer counts at this value.</param>
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
    BenchSeries Series,
    int TimeoutMs = Configuration.QueryWorkload.DefaultTimeoutMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, BenchTarget>? Targets = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>>? SearchSettings = null)
{
    /// <summary>Each marker's own emit_to_ack, ack_to_visible and emit_to_visible, per sink: the figures behind the freshness split.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<MarkerTrace>>? Markers { get; init; }

    /// <summary>
    /// The traces and the freshness split cover every this many markers written (an evenly spaced
    /// sample of at most 10,000, so a long run's summary stays small); absent: every marker.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MarkersEvery { get; init; }

    /// <summary>How often a vector or hybrid query was scored against the exact top k (0: never).</summary>
    public int ExactEvery { get; init; }

    /// <summary>Each store's server version and the settings that govern its figures (index parameters, refresh, commit).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, StoreDescription>? Stores { get; init; }

    /// <summary>bench.capacity as the run used it (null: the queries ran at one fixed rate).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CapacitySettings? Capacity { get; init; }
}

/// <summary>What a searched sink wrote to and was searched in.</summary>
/// <param name="Key">The setting: table_name, collection_name or index_name.</param>
/// <param name="MadeForRun">True: the config named none, so this run made its own (and left it, to be looked at or dropped).</param>
public sealed record BenchTarget(string Key, string Name, bool MadeForRun)
{
    /// <summary>The catalog's targets (SinkCatalog.Targets) as the summary records them.</summary>
    public static IReadOnlyDictionary<string, BenchTarget> Of(IReadOnlyDictionary<string, (string Key, string Name, bool MadeForRun)> targets) =>
        targets.ToDictionary(t => t.Key, t => new BenchTarget(t.Value.Key, t.Value.Name, t.Value.MadeForRun));
}

/// <param name="ServerVersion">What the server reports (null: not asked or not answered; <paramref name="Note"/> says why).</param>
public sealed record StoreDescription(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ServerVersion,
    IReadOnlyDictionary<string, object?> Settings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);

/// <param name="IndexBuildSecs">Time to build the stores' indexes after the pre-seed (null: not asked for).</param>
/// <param name="SettleSecs">Time to settle every store after the pre-seed (and index build), before the first phase.</param>
/// <param name="Settle">Per store: what settling it did and how long it took.</param>
public sealed record PreseedSummary(
    long Entries,
    double Secs,
    double Rate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? IndexBuildSecs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? SettleSecs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, SettleSummary>? Settle = null);

/// <param name="Action">What was done: VACUUM ANALYZE, _refresh (and _forcemerge), waited until green.</param>
public sealed record SettleSummary(string Action, double Secs);

/// <param name="Preseed">Pre-seed entries (the planted needles included).</param>
public sealed record BenchEntries(long Preseed, long Needles, long Markers);

public sealed record PhaseSummary(
    string Name,
    double DurationSecs,
    double WriteRate,
    PhaseWrites Writes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, QuerySummary>> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, FreshnessSummary>> Freshness,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DriverSummary? Driver = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, ProbeSummary>? Probes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OfferedLoad? Offered = null,
    double WarmupSecs = 0)
{
    /// <summary>
    /// Per store and mode, the phase's HdrHistograms (standard compressed encoding, base64, microseconds):
    /// shards' summaries merge exactly and a report can recompute any percentile.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, CellHistograms>>? Histograms { get; init; }

    /// <summary>
    /// Per store and mode, the phase's capacity search (null: no search). The phase's query figures
    /// and histograms are then those of the step at <see cref="CapacityResult.MaxQpsAtSlo"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, CapacityResult>>? Capacity { get; init; }
}

/// <param name="Queries">The latencies behind the phase's query percentiles.</param>
/// <param name="Freshness">The found markers' write-to-searchable times.</param>
public sealed record CellHistograms(string Queries, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Freshness);

/// <summary>One store's probes (freshness markers and needles) in a phase: load on the store like any query.</summary>
/// <param name="Count">Probes sent during the phase.</param>
/// <param name="Qps">Count over the phase's duration: at most <paramref name="BudgetPerSec"/>.</param>
/// <param name="BudgetPerSec">bench.freshness.probe_rate_per_sec.</param>
public sealed record ProbeSummary(long Count, double Qps, double BudgetPerSec);

/// <summary>What the stores were offered per second in a phase, all stores together: measured queries due, probes sent, entries written (markers included).</summary>
public sealed record OfferedLoad(double QueriesPerSec, double ProbesPerSec, double WritesPerSec, double TotalPerSec);

/// <summary>
/// How far the client itself can be trusted in a phase. A load generator that sends late or runs
/// out of CPU measures itself, not the store.
/// </summary>
/// <param name="LatenessP99Ms">p99 of every sent query's send lateness (send minus scheduled time), all stores and modes.</param>
/// <param name="Cpu">The generator process's CPU time over the phase's wall time (1.0: one core busy throughout).</param>
/// <param name="Cores">Cores the process may use.</param>
/// <param name="Warning">Set when the client cannot be trusted: a store and mode whose lateness p99 is over 1 ms or over a tenth of its p50.</param>
public sealed record DriverSummary(
    double LatenessP99Ms,
    double? Cpu,
    int Cores,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning);

/// <param name="Emitted">Entries the services emitted during the phase.</param>
/// <param name="Markers">Freshness markers written during the phase.</param>
/// <param name="Delivered">Entries each sink wrote during the phase (markers included).</param>
public sealed record PhaseWrites(long Emitted, long Markers, IReadOnlyDictionary<string, long> Delivered);

/// <param name="Count">Queries due in the phase (after its warm-up): every one is in the percentiles.</param>
/// <param name="Errors">Due queries that did not succeed, by reason, each counted in the percentiles at timeout_ms.</param>
/// <param name="Qps">Answered queries per second of the phase.</param>
/// <param name="P50Ms">p50 to max: over every due query, those without an answer at timeout_ms (see <paramref name="Censored"/>).</param>
/// <param name="OkP50Ms">p50 over the successful queries only.</param>
/// <param name="OkP99Ms">p99 over the successful queries only.</param>
/// <param name="LatenessP99Ms">p99 of the sent queries' send lateness (send minus scheduled time): the client's own delay.</param>
/// <param name="Censored">The figures that fall on a censored value (a query without an answer, at timeout_ms): the true value is at least that; printed with &gt;=.</param>
/// <param name="RecallAtK">Mean recall@k of the planted needles asked for during the phase (null: none asked).</param>
public sealed record QuerySummary(
    long Count,
    QueryErrors Errors,
    double Qps,
    double P50Ms,
    double P90Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    double OkP50Ms,
    double OkP99Ms,
    double LatenessP99Ms,
    IReadOnlyList<string> Censored,
    double? RecallAtK,
    double? Mrr)
{
    /// <summary>Mean share of the exact cosine top k (over what the store had acknowledged when each was sent) among the top k returned, over the sampled queries; null: none scored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RecallExact { get; init; }

    /// <summary>Sampled queries scored against the exact answer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long RecallExactSamples { get; init; }

    /// <summary>Sampled queries not scored (see <see cref="RecallExactSkipReason"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long RecallExactSkipped { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RecallExactSkipReason { get; init; }
}


/// <summary>Due queries without an answer, by reason; <c>first</c>: the first message of each reason seen.</summary>
public sealed record QueryErrors(long Total, long Timeout, long NotSent, long Refused, long Failed, IReadOnlyDictionary<string, string> First);

/// <param name="P50Ms">emit_to_visible, missing markers counted at max_wait_secs (see <see cref="EmitToVisible"/> for which percentiles that decided).</param>
public sealed record FreshnessSummary(long Markers, long Found, long Missing, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Hand-off to the batcher until the sink's write that held the marker returned delivered (client batching, queueing, the write).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FreshnessFigures? EmitToAck { get; init; }

    /// <summary>That acknowledgement until the send of the first probe that found it: the store's own visibility lag (refresh, optimizer, commit).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FreshnessFigures? AckToVisible { get; init; }

    /// <summary>Hand-off to the batcher until the send of the first probe that found it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FreshnessFigures? EmitToVisible { get; init; }

    /// <summary>Markers the sink never acknowledged (their write failed, or the run ended first): left out of ack_to_visible.</summary>
    public long NotAcked { get; init; }

    /// <summary>Markers a probe sent before the write's answer arrived already found (ack_to_visible below 0, counted as 0).</summary>
    public long VisibleBeforeAck { get; init; }
}

/// <summary>One part of freshness over a set of markers; a censored marker (never seen) counts at its censoring value.</summary>
/// <param name="Count">Markers counted.</param>
/// <param name="Censored">Of them, how many were censored.</param>
/// <param name="CensoredAt">Which of p50, p99, max fell on a censored value (printed with &gt;: the true value is larger).</param>
public sealed record FreshnessFigures(long Count, long Censored, double P50Ms, double P99Ms, double MaxMs, IReadOnlyList<string> CensoredAt)
{
    public static readonly FreshnessFigures Empty = new(0, 0, 0, 0, 0, []);
}

/// <summary>The split over a set of markers for one store and mode.</summary>
public sealed record FreshnessSplit(FreshnessFigures EmitToAck, FreshnessFigures AckToVisible, FreshnessFigures EmitToVisible, long NotAcked, long VisibleBeforeAck);

/// <summary>One marker in one sink: ms after it was handed to the batcher (null: not acknowledged / not found within max_wait_secs), per mode for visibility.</summary>
public sealed record MarkerTrace(
    double AtSecs,
    double? EmitToAckMs,
    IReadOnlyDictionary<string, double?> AckToVisibleMs,
    IReadOnlyDictionary<string, double?> EmitToVisibleMs);

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
