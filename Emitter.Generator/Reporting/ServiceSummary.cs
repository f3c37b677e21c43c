namespace Emitter.Generator.Reporting;

/// <summary>One service's counts and rates.</summary>
public sealed record ServiceSummary(long Emitted, double TargetRate, double AchievedRate, double MaxLagMs, IReadOnlyDictionary<string, long> ByLevel);
