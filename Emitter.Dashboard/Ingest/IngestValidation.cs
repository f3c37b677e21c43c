using Emitter.Dashboard.Contract;

namespace Emitter.Dashboard.Ingest;

/// <summary>
/// What /ingest accepts of an entry: every field present, a known level, bounded text. A batch with
/// one bad entry is refused whole (400 with the first reason), so the page never meets a null.
/// </summary>
internal static class IngestValidation
{
    /// <summary>Far above any generated service name; a name is a label on the page.</summary>
    public const int MaxServiceLength = 200;

    /// <summary>Far above any generated message; keeps one entry from filling a client's frame.</summary>
    public const int MaxMessageLength = 65_536;

    private static readonly string[] Levels = ["DEBUG", "INFO", "WARN", "ERROR"];

    public static string? Problem(IngestBatch batch)
    {
        if (batch.SealedAt == default) return "sealed_at is missing";
        for (var i = 0; i < batch.Entries.Count; i++)
        {
            if (Problem(batch.Entries[i]) is { } problem) return $"entries[{i}]{problem}";
        }
        return null;
    }

    private static string? Problem(IngestEntry? entry) => entry switch
    {
        null => " is null",
        { Id: var id } when id == Guid.Empty => ".id is missing",
        { Timestamp: var t } when t == default => ".timestamp is missing",
        { Service: null or "" } => ".service is missing",
        { Service.Length: > MaxServiceLength } => $".service is longer than {MaxServiceLength} characters",
        { Level: null } => ".level is missing",
        { Level: var level } when !Levels.Contains(level, StringComparer.Ordinal) =>
            $".level: unknown level {(level.Length <= 16 ? $"'{level}'" : "(too long to show)")} (expected {string.Join(", ", Levels)})",
        { Message: null } => ".message is missing",
        { Message.Length: > MaxMessageLength } => $".message is longer than {MaxMessageLength:N0} characters",
        { TraceId: { } trace } when !IsHex(trace, 32) => ".trace_id: expected 32 lower-case hex digits",
        { SpanId: { } span } when !IsHex(span, 16) => ".span_id: expected 16 lower-case hex digits",
        _ => null,
    };

    // W3C trace context's spelling: the page matches ids as strings, so one spelling only.
    private static bool IsHex(string text, int digits) => text.Length == digits && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
