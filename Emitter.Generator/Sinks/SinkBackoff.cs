namespace Emitter.Generator.Sinks;

/// <summary>
/// Exponential backoff with full jitter for retries a sink makes inside a write (per request or
/// per item), waiting on the run's <see cref="TimeProvider"/> so fake-clock tests never sleep.
/// </summary>
public sealed class SinkBackoff(TimeProvider time, int maxAttempts = 6, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
{
    private readonly TimeSpan _base = baseDelay ?? TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan _max = maxDelay ?? TimeSpan.FromSeconds(5);
    private long _retries;

    /// <summary>Attempts per request, the first included; past them the failure goes to the pipeline.</summary>
    public int MaxAttempts { get; } = maxAttempts;

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Waits before retry number <paramref name="attempt"/> (1 for the first retry) and counts it.</summary>
    public Task WaitAsync(int attempt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _retries);
        var ceiling = Math.Min(_max.TotalMilliseconds, _base.TotalMilliseconds * Math.Pow(2, attempt - 1));
        // Full jitter: concurrent writers that failed together do not come back together.
        var delay = TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
        return Task.Delay(delay, time, cancellationToken);
    }
}
