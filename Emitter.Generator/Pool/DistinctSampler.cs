namespace Emitter.Generator.Pool;

/// <summary>Draws distinct indices and splits totals fairly; both in a fixed number of steps.</summary>
internal static class DistinctSampler
{
    /// <summary>
    /// Robert Floyd's algorithm: <paramref name="k"/> distinct indices in [0, n) in exactly k
    /// draws, however close k is to n. The set is only asked "seen?"; the order returned is the
    /// order of the draws, so it depends on the seed alone.
    /// </summary>
    public static long[] Sample(long n, int k, SplitMix64 random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        var chosen = new HashSet<long>(k);
        var result = new long[k];
        var count = 0;
        for (var j = n - k; j < n; j++)
        {
            var t = random.NextBelow(j + 1);
            if (!chosen.Add(t))
            {
                // t was taken already; j cannot be, as every earlier pick is below j.
                chosen.Add(j);
                t = j;
            }

            result[count++] = t;
        }

        return result;
    }

    /// <summary>
    /// Splits <paramref name="total"/> as evenly as capacities allow (water-filling): parts whose
    /// capacity is below the even share are filled, the rest share what remains, and the
    /// remainder's extra units go to the parts earliest in <paramref name="order"/>.
    /// </summary>
    public static long[] Split(long total, IReadOnlyList<long> capacities, IReadOnlyList<int> order)
    {
        if (total < 0 || total > capacities.Sum())
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, "Exceeds the sum of the capacities.");
        }

        var shares = new long[capacities.Count];
        // Stable sort on a permutation: ties keep the caller's (seeded) order.
        var byCapacity = order.OrderBy(i => capacities[i]).ToArray();
        var remaining = total;
        var left = byCapacity.Length;
        var filled = 0;
        for (; filled < byCapacity.Length && capacities[byCapacity[filled]] <= remaining / left; filled++, left--)
        {
            shares[byCapacity[filled]] = capacities[byCapacity[filled]];
            remaining -= capacities[byCapacity[filled]];
        }

        if (left == 0)
        {
            return shares;
        }

        // Every part not yet filled has capacity above the even share, so base + 1 always fits.
        var open = new HashSet<int>(byCapacity[filled..]);
        long even = remaining / left, extra = remaining % left;
        foreach (var i in order.Where(open.Contains))
        {
            shares[i] = even + (extra-- > 0 ? 1 : 0);
        }

        return shares;
    }
}
