using Emitter.Generator.Emission;

namespace Emitter.Generator.Model;

/// <summary>
/// One unique message of the pool. Entries point at it instead of copying text or vector, so
/// a million entries cost a million references, not a million vectors.
/// </summary>
public sealed class PoolMessage(int index, string text, LogLevel level)
{
    /// <summary>The index of a message made outside the pool (a bench's freshness marker): encoders encode its text when written.</summary>
    public const int OutsidePool = int.MinValue;

    public int Index { get; } = index;
    public string Text { get; } = text;
    public LogLevel Level { get; } = level;

    /// <summary>The template group it came from (a domain, shared, upstream: see <see cref="PoolLayout"/>); null without voices.</summary>
    public string? Group { get; init; }

    /// <summary>
    /// The message's embedding; empty until the pool is embedded. Attached by the embedder (and, for
    /// a bench's markers, by its plan) before the embedded pool is made; nothing outside the
    /// generator (and its tests and Emitter.Performance) may attach one.
    /// </summary>
    public ReadOnlyMemory<float> Vector { get; internal set; }
}
