namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// One store and mode's capacity search in one phase (one write rate): the highest open-loop query
/// rate whose step met the target, and every step tried.
/// </summary>
/// <param name="MaxQpsAtSlo">The highest passing step's rate; 0 when even the first step failed.</param>
/// <param name="P99Ms">The p99 measured at <paramref name="MaxQpsAtSlo"/> (null: no step passed).</param>
/// <param name="ErrorRate">The error rate measured at <paramref name="MaxQpsAtSlo"/> (null: no step passed).</param>
/// <param name="LimitedBy">"slo" (p99 passed the target), "errors" (errors passed the rate), "max_qps" (every step up to max_qps passed), "max_steps" (max_steps ran out before a step failed or max_qps was reached), "stopped" (the run stopped first).</param>
public sealed record CapacityResult(
    double MaxQpsAtSlo,
    double? P99Ms,
    double? ErrorRate,
    string LimitedBy,
    IReadOnlyList<CapacityStep> Steps)
{
    /// <summary>How long the search took (its steps and their drains), within the phase's bound.</summary>
    public double Secs { get; init; }
}

/// <summary>One step of a capacity search: an open-loop rate held for step_secs.</summary>
/// <param name="Qps">The offered (scheduled) rate.</param>
/// <param name="Queries">Queries due in the step (sent or not).</param>
/// <param name="P99Censored">The p99 falls on a censored value (a failed, timed-out or unsent query): the true p99 is at least this.</param>
public sealed record CapacityStep(double Qps, long Queries, double P50Ms, double P99Ms, double ErrorRate, bool Passed, bool P99Censored = false);

/// <summary>A capacity step as it completes, for the live view.</summary>
/// <param name="Done">The search of this store and mode in this phase has ended; <paramref name="MaxQpsAtSlo"/> is its answer.</param>
public sealed record CapacityProgress(int Phase, string PhaseName, string Sink, string Mode, int StepIndex, CapacityStep Step, bool Done, double? MaxQpsAtSlo);
