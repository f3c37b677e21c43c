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
internal sealed record BenchSnapshot(
    DateTimeOffset At,
    string Phase,
    int PhaseIndex,
    IReadOnlyList<string> Phases,
    double ElapsedSecs,
    double DurationSecs,
    bool Finished,
    IReadOnlyList<BenchStoreFigures> Stores);

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
