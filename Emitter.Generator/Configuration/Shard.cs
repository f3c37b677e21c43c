using System.Globalization;

namespace Emitter.Generator.Configuration;

/// <summary>
/// This process's part of a run split across <see cref="Count"/> generators: a 1/Count share of
/// every rate (hence of every incident), its own seed stream, ids no other shard can make.
/// <see cref="Index"/> counts from 0, as a Kubernetes Indexed Job's completion index does.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The shard index lives in 10 bits of every entry id (see <see cref="Emission.UuidV7Generator"/>).</summary>
    public const int MaxCount = 1024;

    public static readonly Shard None = new(0, 1);

    public bool IsSharded => Count > 1;

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>"i/n" with 0 ≤ i &lt; n ≤ 1024; null with the reason otherwise.</summary>
    public static Shard? TryParse(string text, out string? problem)
    {
        var parts = text.Trim().Split('/');
        problem = null;
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= MaxCount && index < count)
        {
            return new Shard(index, count);
        }
        problem = $"expected i/n with 0 <= i < n <= {MaxCount} (e.g. 0/3), got '{text}'";
        return null;
    }

    /// <summary>
    /// The seed of this shard's sequences: the run seed itself when unsharded (runs stay as they
    /// were), else a SplitMix64 step of the seed and index, so no two shards repeat each other.
    /// </summary>
    public ulong SequenceSeed(ulong runSeed)
    {
        if (!IsSharded) return runSeed;
        var state = runSeed ^ ((ulong)(Index + 1) * 0xD1B54A32D192ED03UL);
        return Pool.SplitMix64.Next(ref state);
    }
}
