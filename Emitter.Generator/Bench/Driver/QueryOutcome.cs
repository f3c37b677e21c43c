namespace Emitter.Generator.Bench.Driver;

/// <param name="ScheduledAt">When the query was due (open loop) or sent (closed loop), since the phases began.</param>
/// <param name="Latency">Completion minus <paramref name="ScheduledAt"/>.</param>
/// <param name="Error">Why it failed, or null.</param>
public readonly record struct QueryOutcome(TimeSpan ScheduledAt, TimeSpan Latency, string? Error);
