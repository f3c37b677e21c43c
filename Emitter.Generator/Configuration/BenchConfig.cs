using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Configuration;

/// <summary>
/// The <c>bench</c> section: pre-seed, then named phases of writes while queries, freshness
/// markers and relevance needles run through all of them. Absent: Emitter only writes.
/// </summary>
public sealed record BenchConfig
{
    public int PreseedEntries { get; init; }

    /// <summary>Stores load the pre-seed without their search indexes, which are then built (and timed).</summary>
    public bool BuildIndexesAfterPreseed { get; init; }

    public required IReadOnlyList<BenchPhase> Phases { get; init; }
    public required QueryWorkload Queries { get; init; }
    public required FreshnessConfig Freshness { get; init; }
    public required RelevanceConfig Relevance { get; init; }

    /// <summary>How the stores are settled after the pre-seed.</summary>
    public SettleConfig Settle { get; init; } = SettleConfig.Default;

    /// <summary>The phases end to end: the run's duration (run_duration_secs is refused beside a bench section).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Phases.Sum(p => p.DurationSecs));

    /// <summary>bench.capacity: every phase searches each store and mode's highest query rate within the latency target (null: a fixed rate).</summary>
    public CapacitySettings? Capacity { get; init; }

    /// <summary>Where bench.capacity was read, for a refusal that depends on the stores (<see cref="ForStores"/>).</summary>
    public (string File, int Line, string Key) CapacitySource { get; init; }

    /// <summary>
    /// How long one phase's searches can take at most: the store and mode searches run one after
    /// another, each up to max_steps steps of step_secs plus the wait for the step's last query
    /// (at most timeout_ms), and a second per search for the rest (starting, deciding).
    /// </summary>
    public double CapacityBoundSecs(int stores) => Capacity is not { } c ? 0
        : stores * Queries.Modes.Count * (c.MaxSteps * (c.StepSecs + Queries.TimeoutMs / 1000.0) + 1);

    /// <summary>
    /// With a capacity search, each phase lasts its warm-up plus the searches' bound for this many
    /// stores (read time assumes one); refused, naming bench.capacity, when that passes the run's limit.
    /// </summary>
    public BenchConfig ForStores(int stores)
    {
        if (Capacity is null) return this;
        var bound = CapacityBoundSecs(stores);
        var phases = Phases.Select(p => p with { DurationSecs = p.WarmupSecs + bound }).ToList();
        var total = phases.Sum(p => p.DurationSecs);
        if (total > ConfigLoader.MaxSeconds)
            throw ConfigException.At(CapacitySource.File, CapacitySource.Line, CapacitySource.Key, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the searches make the phases last {total:#,0} s ({phases.Count} phases x {stores} stores x {Queries.Modes.Count} modes x max_steps x (step_secs + timeout_ms)), more than the run's limit of {ConfigLoader.MaxSeconds:#,0} s (24 days): lower max_steps or step_secs"));
        return this with { Phases = phases };
    }
}

/// <param name="WriteRate">Multiplier of every service's configured rate; 0: no writes.</param>
public sealed record BenchPhase(string Name, double DurationSecs, double WriteRate)
{
    /// <summary>The phase's first seconds, run but left out of its query figures (a store adjusting to the new load).</summary>
    public double WarmupSecs { get; init; }
}


/// <param name="RatePerSec">Open-loop (Poisson) queries per second for each store and mode.</param>
/// <param name="Burst">The original's closed loop instead of the open loop: bursts of Size queries, Concurrency at a time.</param>
/// <param name="Warmup">Queries per store and mode run before the phases and not measured.</param>
/// <param name="MaxOutstanding">Open loop: queries in flight per store and mode beyond which a due query is counted as an error instead of sent.</param>
public sealed record QueryWorkload(
    IReadOnlyList<string> Texts,
    IReadOnlyList<SearchMode> Modes,
    int TopK,
    double RatePerSec,
    BurstConfig? Burst,
    int Warmup,
    int MaxOutstanding)
{
    public const int DefaultTimeoutMs = 5000;

    /// <summary>
    /// A query not answered this long after it was due is abandoned and counts at this value
    /// (censored), as do failed and unsent ones: the original query tool's 5 s.
    /// </summary>
    public int TimeoutMs { get; init; } = DefaultTimeoutMs;

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);

    /// <summary>ef, match and fetch, applied to every store in its own form.</summary>
    public SearchShape Shape { get; init; } = SearchShape.Default;
}

public sealed record BurstConfig(int Size, int Concurrency);

/// <param name="IntervalMs">A marker is written every this long (0: no markers).</param>
/// <param name="MaxWaitSecs">A marker not found by then is counted missing.</param>
/// <param name="ProbeIntervalMs">At least this long between two probes of one marker not yet found.</param>
public sealed record FreshnessConfig(int IntervalMs, double MaxWaitSecs, int ProbeIntervalMs)
{
    public const double DefaultProbeRatePerSec = 20;

    /// <summary>
    /// Probes (freshness markers and needles together) sent to one store per second at most, on
    /// connections of their own: probes are load, so they get a fixed budget.
    /// </summary>
    public double ProbeRatePerSec { get; init; } = DefaultProbeRatePerSec;
}

/// <param name="Needles">Pool messages planted as known answers (0: no relevance measurement).</param>
/// <param name="Copies">Entries planted per needle: its right answers.</param>
/// <param name="IntervalMs">How often each needle is asked for, in each store and mode.</param>
public sealed record RelevanceConfig(int Needles, int Copies, int IntervalMs)
{
    /// <summary>Every this many vector and hybrid queries one is scored against the exact top k (0: none).</summary>
    public int ExactEvery { get; init; } = 10;
}
