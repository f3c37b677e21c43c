namespace Emitter.Dashboard.Contract;

// Compiled into both Emitter.Dashboard and Emitter.Generator (a linked file, like IngestBatch):
// a running bench POSTs it to /bench about once a second, the dashboard broadcasts it.

/// <summary>A bench's figures so far, per store and mode, for the live view.</summary>
/// <param name="At">When the generator took it.</param>
/// <param name="Phase">The phase in progress (its name).</param>
/// <param name="PhaseIndex">Its index, from 0.</param>
/// <param name="Phases">The phases' names in order.</param>
/// <param name="ElapsedSecs">Seconds since the first phase began.</param>
/// <param name="DurationSecs">All the phases end to end.</param>
/// <param name="Finished">The last snapshot of the run: the phases are over.</param>
/// <param name="Stores">One row per store and mode.</param>
/// <param name="Capacity">With bench.capacity: per store and mode, its capacity search's last step (null: no search, or a generator from before).</param>
/// <param name="CapacityTarget">The target the steps are held against (null: not known to the sender).</param>
internal sealed record BenchSnapshot(
    DateTimeOffset At,
    string Phase,
    int PhaseIndex,
    IReadOnlyList<string> Phases,
    double ElapsedSecs,
    double DurationSecs,
    bool Finished,
    IReadOnlyList<BenchStoreFigures> Stores,
    IReadOnlyList<BenchCapacityFigures>? Capacity = null,
    BenchCapacityTarget? CapacityTarget = null);

/// <summary>
/// One store and mode: its queries due in the phase in progress (latencies from the scheduled time,
/// in ms; one without an answer counts at the bench's timeout_ms, as in the summary) and its
/// freshness markers written in that phase (write to searchable, in ms).
/// </summary>
internal sealed record BenchStoreFigures(
    string Store,
    string Mode,
    long Queries,
    long Errors,
    double P50Ms,
    double P99Ms,
    long MarkersFound,
    long MarkersMissing,
    double FreshnessP50Ms,
    double FreshnessP99Ms);

/// <summary>
/// One store and mode's capacity search in <paramref name="Phase"/>, as of its last completed step:
/// that step's offered rate and what it measured, and the answer once the search is done.
/// </summary>
/// <param name="Steps">Steps completed so far (the last one's index + 1).</param>
/// <param name="Qps">The last step's offered rate.</param>
/// <param name="Queries">Queries due in the last step.</param>
/// <param name="P99Ms">The last step's p99 (failed queries at the timeout); with <paramref name="P99Censored"/> the true p99 is at least this.</param>
/// <param name="ErrorRate">The last step's errors over its due queries (0 to 1).</param>
/// <param name="Passed">The last step met the target.</param>
/// <param name="BestQps">The highest rate that passed so far in this phase (null: none yet).</param>
/// <param name="Done">The search has ended; <paramref name="MaxQpsAtSlo"/> is its answer (0: no step passed).</param>
internal sealed record BenchCapacityFigures(
    string Store,
    string Mode,
    string Phase,
    int Steps,
    double Qps,
    long Queries,
    double P99Ms,
    double ErrorRate,
    bool Passed,
    bool P99Censored,
    double? BestQps,
    bool Done,
    double? MaxQpsAtSlo);

/// <summary>bench.capacity's target: a step passes while its p99 is at most <paramref name="SloP99Ms"/> and its error rate at most <paramref name="MaxErrorRate"/>.</summary>
internal sealed record BenchCapacityTarget(double SloP99Ms, double MaxErrorRate);
