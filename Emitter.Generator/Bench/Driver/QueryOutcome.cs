namespace Emitter.Generator.Bench.Driver;

/// <param name="ScheduledAt">When the query was due (open loop) or sent (closed loop), since the phases began.</param>
/// <param name="Latency">Completion minus <paramref name="ScheduledAt"/>; for a query that did not succeed, the timeout (censored).</param>
/// <param name="Error">Why it did not succeed, or null.</param>
/// <param name="Failure">Which kind of not succeeding (<see cref="QueryFailure.Failed"/> when an error is given without one).</param>
/// <param name="Lateness">Actual send minus scheduled time (open loop; null when the query was not sent or has no schedule).</param>
public readonly record struct QueryOutcome(TimeSpan ScheduledAt, TimeSpan Latency, string? Error, QueryFailure Failure = QueryFailure.None, TimeSpan? Lateness = null)
{
    /// <summary>The failure kind, <see cref="QueryFailure.Failed"/> for an error given without one.</summary>
    public QueryFailure Kind => Error is null ? QueryFailure.None : Failure == QueryFailure.None ? QueryFailure.Failed : Failure;
}
