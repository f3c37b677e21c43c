using Emitter.Generator.Pool;

namespace Emitter.Generator.Embedding;

/// <summary>
/// The original's per-entry noise (each component moved by up to <c>jitter</c> of its own
/// magnitude) so vector indexes do not degenerate on exact duplicates. The noise is a pure
/// function of the entry id: no entry stores a copy, and every sink writes the same vector.
/// </summary>
public static class EmbeddingJitter
{
    public static void Apply(ReadOnlySpan<float> source, Guid entryId, float jitter, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("Destination is shorter than the source vector.", nameof(destination));
        }

        if (jitter == 0f)
        {
            source.CopyTo(destination);
            return;
        }

        Span<ulong> halves = stackalloc ulong[2];
        entryId.TryWriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(halves));
        var state = halves[0] ^ (halves[1] * 0x9E3779B97F4A7C15UL);
        for (var i = 0; i < source.Length; i++)
        {
            // SplitMix64: fast, well mixed, and identical on every platform.
            var z = SplitMix64.Next(ref state);
            var unit = (z >> 40) * (1.0f / (1 << 24)) * 2f - 1f; // uniform in [-1, 1)
            destination[i] = source[i] * (1f + jitter * unit);
        }
    }

    public static float[] Apply(ReadOnlySpan<float> source, Guid entryId, float jitter)
    {
        var result = new float[source.Length];
        Apply(source, entryId, jitter, result);
        return result;
    }
}
