using Emitter.Generator.Pool;

namespace Emitter.Generator.Model;

/// <summary>
/// One emitted log entry. It shares its pool message's text and vector; the per-entry jitter
/// is derived from <see cref="Id"/> when a sink serialises the vector (see <see cref="Embedding.EmbeddingJitter"/>).
/// </summary>
/// <param name="TraceId">W3C trace id (see <see cref="TraceIds"/>); zero: no trace context (a bench's pre-seed, markers and needles), stored as null.</param>
/// <param name="SpanId">W3C span id of the service's span in that trace; zero with no trace context.</param>
/// <param name="Hop">Set on the entry that opens its span in a request (the first line the service logs on it); default otherwise.</param>
public readonly record struct LogEntry(Guid Id, DateTimeOffset Timestamp, string Service, LogLevel Level, PoolMessage Message, UInt128 TraceId = default, ulong SpanId = default,
    SpanHop Hop = default)
{
    public string Text => Message.Text;

    public bool HasTrace => TraceId != UInt128.Zero;
}
