using Emitter.Generator.Pool;

namespace Emitter.Generator.Emission;

/// <summary>
/// One emitted log entry. It shares its pool message's text and vector; the per-entry jitter
/// is derived from <see cref="Id"/> when a sink serialises the vector (see <see cref="Embedding.EmbeddingJitter"/>).
/// </summary>
public readonly record struct LogEntry(Guid Id, DateTimeOffset Timestamp, string Service, LogLevel Level, PoolMessage Message)
{
    public string Text => Message.Text;
}
