namespace Emitter.Dashboard.Contract;

/// <summary>One log entry without its vector. Level is "DEBUG", "INFO", "WARN" or "ERROR".</summary>
internal sealed record IngestEntry(Guid Id, DateTimeOffset Timestamp, string Service, string Level, string Message);
