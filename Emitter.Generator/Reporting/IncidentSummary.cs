namespace Emitter.Generator.Reporting;

/// <summary>
/// One incident's ground truth: its window (seconds from the run's start and wall time), the
/// services it hit, and what they wrote: every entry inside the window by level, and the
/// incident's own messages by phase. A search over the stores is judged against these.
/// </summary>
public sealed record IncidentSummary(
    string Name,
    string Kind,
    double StartSecs,
    double EndSecs,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    IReadOnlyList<string> Services,
    long EntriesInWindow,
    IReadOnlyDictionary<string, long> WindowByLevel,
    long IncidentMessages,
    long PrecursorMessages,
    long RecoveryMessages);
