using System.Text.Json.Serialization;

namespace Emitter.Generator.Reporting;

/// <summary>What became of the entries handed to one sink.</summary>
public sealed record SinkSummary(
    long Delivered,
    long Failed,
    long Dropped,
    long Retried,
    long Batches,
    double MaxLatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FirstError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool LiveView = false);

// LiveView: the dashboard, which shows entries and stores none; its drops are by design (it never holds the run up).
