namespace Emitter.Tests.Fakes;

/// <summary>
/// How long the fake Qdrant takes to answer a query: a fixed delay, or one drawn from a
/// distribution with a seeded generator, so the same seed gives the same sequence of delays
/// (the read side measures latency percentiles through the fake). Thread-safe.
/// </summary>
public sealed class FakeQdrantLatency
{
    private readonly Func<Random, TimeSpan> _draw;
    private readonly Random _random;
    private readonly Lock _lock = new();

    private FakeQdrantLatency(Func<Random, TimeSpan> draw, int seed)
    {
        _draw = draw;
        _random = new Random(seed);
    }

    public static FakeQdrantLatency Fixed(TimeSpan delay) => new(_ => delay, 0);

    public static FakeQdrantLatency Uniform(TimeSpan min, TimeSpan max, int seed) =>
        new(r => min + (max - min) * r.NextDouble(), seed);

    /// <summary>Memoryless waits around <paramref name="mean"/>: most short, a long tail.</summary>
    public static FakeQdrantLatency Exponential(TimeSpan mean, int seed) =>
        new(r => mean * -Math.Log(1 - r.NextDouble()), seed);

    /// <summary>Log-normal around <paramref name="median"/>; <paramref name="sigma"/> widens the tail (0.5 is moderate).</summary>
    public static FakeQdrantLatency LogNormal(TimeSpan median, double sigma, int seed) =>
        new(r =>
        {
            // Box-Muller: one standard normal from two uniforms.
            var normal = Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
            return median * Math.Exp(sigma * normal);
        }, seed);

    public TimeSpan Next()
    {
        lock (_lock) return _draw(_random);
    }
}
