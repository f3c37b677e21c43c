namespace Emitter.Generator.Bench.Driver;

/// <summary>
/// Fires queries at the times of a schedule, whatever earlier queries are doing, and measures
/// each from its scheduled time to its completion: a server that slows down cannot slow the
/// client and hide the queue that builds up (no coordinated omission). When more than
/// <c>maxOutstanding</c> are in flight, a due query is not sent but counted as an error, so
/// the client's memory stays bounded and the overload still shows.
/// </summary>
public sealed class OpenLoopDriver(TimeProvider time, PoissonSchedule schedule, int maxOutstanding)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _outstanding = 1; // the queries in flight, plus the loop itself until it ends
    private int _inFlight;
    private long _fired;

    /// <summary>Queries sent so far.</summary>
    public long Fired => Interlocked.Read(ref _fired);

    /// <summary>Queries in flight now.</summary>
    public int Outstanding => Volatile.Read(ref _inFlight);

    /// <param name="start">Monotonic timestamp the schedule counts from.</param>
    /// <param name="end">No query is scheduled at or after this offset.</param>
    /// <param name="query">One query; it gets the run's stop token.</param>
    /// <param name="done">Called once per scheduled query, from whichever thread finished it.</param>
    /// <returns>When the schedule has ended and every query sent has finished.</returns>
    public async Task RunAsync(long start, TimeSpan end, Func<CancellationToken, Task> query, Action<QueryOutcome> done, CancellationToken stop)
    {
        try
        {
            for (var next = schedule.Next(); next < end; next = schedule.Next())
            {
                var wait = next - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stop).ConfigureAwait(false);
                if (Volatile.Read(ref _inFlight) >= maxOutstanding)
                {
                    done(new QueryOutcome(next, TimeSpan.Zero, $"not sent: {maxOutstanding} queries already in flight (max_outstanding)"));
                    continue;
                }
                Interlocked.Increment(ref _outstanding);
                Interlocked.Increment(ref _inFlight);
                Interlocked.Increment(ref _fired);
                _ = FireAsync(start, next, query, done, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        Release();
        await _drained.Task.ConfigureAwait(false);
    }

    private async Task FireAsync(long start, TimeSpan scheduledAt, Func<CancellationToken, Task> query, Action<QueryOutcome> done, CancellationToken stop)
    {
        string? error = null;
        try
        {
            await query(stop).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e is OperationCanceledException && stop.IsCancellationRequested ? "stopped before it finished" : e.Message;
        }
        var latency = time.GetElapsedTime(start) - scheduledAt;
        Interlocked.Decrement(ref _inFlight);
        done(new QueryOutcome(scheduledAt, latency, error));
        Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0) _drained.TrySetResult();
    }
}
