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
    /// <summary>Each marker's own emit_to_ack, ack_to_visible and emit_to_visible, per sink: the figures behind the freshness split.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<MarkerTrace>>? Markers { get; init; }

    /// <summary>How often a vector or hybrid query was scored against the exact top k (0: never).</summary>
    public int ExactEvery { get; init; }
}

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
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, FreshnessSummary>> Freshness);

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
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<SeriesSample>>> Freshness);

public sealed record PhaseBand(string Name, double StartSecs, double EndSecs);

public sealed record SeriesSample(double AtSecs, long Count, double P50Ms, double P99Ms);
