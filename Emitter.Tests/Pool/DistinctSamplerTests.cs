using Emitter.Generator.Pool;

namespace Emitter.Tests.Pool;

public class DistinctSamplerTests
{
    [Theory]
    [InlineData(10L, 10)]
    [InlineData(1_000L, 999)]
    [InlineData(5_000_000_000_000L, 50_000)]
    public void Floyd_draws_k_distinct_indices_in_range(long n, int k)
    {
        var sample = DistinctSampler.Sample(n, k, new SplitMix64(5));

        Assert.Equal(k, sample.Length);
        Assert.Equal(k, sample.Distinct().Count());
        Assert.All(sample, i => Assert.InRange(i, 0, n - 1));
    }

    [Fact]
    public void Same_seed_same_draws()
    {
        Assert.Equal(DistinctSampler.Sample(1_000_000, 100, new SplitMix64(8)), DistinctSampler.Sample(1_000_000, 100, new SplitMix64(8)));
        Assert.NotEqual(DistinctSampler.Sample(1_000_000, 100, new SplitMix64(8)), DistinctSampler.Sample(1_000_000, 100, new SplitMix64(9)));
    }

    [Fact]
    public void Split_fills_small_parts_and_spreads_the_rest_in_the_given_order()
    {
        Assert.Equal([2L, 9L, 9L], DistinctSampler.Split(20, [2L, 100L, 100L], [0, 1, 2]));
        Assert.Equal([3L, 3L, 4L], DistinctSampler.Split(10, [100L, 100L, 100L], [2, 0, 1]));
        Assert.Equal([0L, 1L, 0L], DistinctSampler.Split(1, [100L, 100L, 100L], [1, 2, 0]));
        Assert.Equal([1L, 5L], DistinctSampler.Split(6, [1L, 5L], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistinctSampler.Split(7, [1L, 5L], [0, 1]));
    }

    [Fact]
    public void Bounded_draws_stay_below_the_bound()
    {
        var random = new SplitMix64(3);
        Assert.All(Enumerable.Range(0, 10_000).Select(_ => random.NextBelow(7UL)), x => Assert.InRange(x, 0UL, 6UL));
        Assert.Equal(7, Enumerable.Range(0, 1_000).Select(_ => random.NextBelow(7UL)).Distinct().Count());
    }
}
