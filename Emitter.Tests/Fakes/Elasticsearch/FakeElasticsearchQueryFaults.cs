using System.Collections.Concurrent;

namespace Emitter.Tests.Fakes;

/// <summary>
/// Injected behaviour of the fake's <c>_search</c>: latency (fixed, or drawn from a seeded
/// distribution, waited on the server's <see cref="FakeElasticsearchServer.Time"/>) and failures
/// answered as the server answers an overloaded or shard-less search.
/// </summary>
public sealed class FakeElasticsearchQueryFaults
{
    private readonly ConcurrentQueue<int> _failures = new();
    private readonly Lock _gate = new();
    private Func<Random, TimeSpan> _draw = _ => TimeSpan.Zero;
    private Random _random = new(0);
    private int _waiting;
    private long _searches;

    /// <summary>Searches now held by injected latency (a test waits for this before advancing time).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Searches received, failed ones included.</summary>
    public long Searches => Interlocked.Read(ref _searches);

    public void FixedLatency(TimeSpan latency) => SetLatency(_ => latency, seed: 0);

    /// <summary>Log-normal latency around <paramref name="median"/> (spread <paramref name="sigma"/>), the same sequence for the same seed.</summary>
    public void LogNormalLatency(TimeSpan median, double sigma, int seed) => SetLatency(random =>
    {
        // Box-Muller: one standard normal from two uniforms.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromTicks((long)(median.Ticks * Math.Exp(sigma * normal)));
    }, seed);

    public void SetLatency(Func<Random, TimeSpan> draw, int seed)
    {
        lock (_gate)
        {
            _draw = draw;
            _random = new Random(seed);
        }
    }

    /// <summary>The next <paramref name="count"/> searches are answered with <paramref name="status"/> (429 or 503).</summary>
    public void FailNext(int count, int status = 503)
    {
        for (var i = 0; i < count; i++) _failures.Enqueue(status);
    }

    internal TimeSpan NextLatency()
    {
        lock (_gate) return _draw(_random);
    }

    internal bool TryTakeFailure(out int status)
    {
        Interlocked.Increment(ref _searches);
        return _failures.TryDequeue(out status);
    }

    internal async Task DelayAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var latency = NextLatency();
        if (latency <= TimeSpan.Zero) return;
        Interlocked.Increment(ref _waiting);
        try
        {
            await Task.Delay(latency, time, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
