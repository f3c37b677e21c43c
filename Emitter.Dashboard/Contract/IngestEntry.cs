namespace Emitter.Dashboard.Contract;

/// <summary>
/// One log entry without its vector. Level is "DEBUG", "INFO", "WARN" or "ERROR". TraceId and
/// SpanId are its W3C trace context in lower-case hex (32 and 16 digits), or null without one.
/// </summary>
internal sealed record IngestEntry(Guid Id, DateTimeOffset Timestamp, string Service, string Level, string Message, string? TraceId = null, string? SpanId = null);
