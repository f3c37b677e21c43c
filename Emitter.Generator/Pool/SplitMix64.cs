namespace Emitter.Generator.Pool;

/// <summary>
/// SplitMix64: a tiny generator whose output is fixed by its seed on every runtime and machine,
/// unlike anything hash- or platform-dependent. Not for cryptography.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64() => Next(ref _state);

    /// <summary>The step itself, on a caller's state: for hot loops that should not allocate a generator.</summary>
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound), without modulo bias (Lemire's multiply-and-reject).</summary>
    public ulong NextBelow(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            // Rejects fewer than bound / 2^64 of draws: almost never loops, never for long.
            var threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }

    public long NextBelow(long bound) => (long)NextBelow((ulong)bound);

    public void Shuffle<T>(T[] items)
    {
        // Fisher-Yates.
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)NextBelow((ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
