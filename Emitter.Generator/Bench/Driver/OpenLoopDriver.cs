namespace Emitter.Generator.Bench.Driver;

/// <summary>
/// Fires queries at the times of a schedule, whatever earlier queries are doing, and measures
/// each from its scheduled time (or its send, when sent early) to its completion: a server that
/// slows down cannot slow the client and hide the queue that builds up (no coordinated omission).
/// On the system clock the schedule runs on a thread of its own that sleeps: Task.Delay wakes
/// through the timer thread and the thread pool, milliseconds late on a busy machine, and returns
/// at once below 1 ms (query-driver benchmark, docs/performance.md). A query due within 2 ms is sent at once
/// and measured from its send, so what is measured stays the server's time. When more than
/// <c>maxOutstanding</c> are in flight, a due query is not sent but counted as an error, so
/// the client's memory stays bounded and the overload still shows. A query not answered within
/// <c>timeout</c> of its due time is abandoned. Every query that does not succeed (timed out,
/// not sent, refused, failed) is reported at the timeout, so the percentiles are taken over
/// every due query, not over the survivors (wrk2's rule); each sent query also reports its send
/// lateness, the client's own delay.
/// </summary>
public sealed class OpenLoopDriver(TimeProvider time, PoissonSchedule schedule, int maxOutstanding, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMilliseconds(Configuration.QueryWorkload.DefaultTimeoutMs);

    /// <summary>A query due within this long is sent at once, on the system clock.</summary>
    public static readonly TimeSpan EarlyWindow = TimeSpan.FromMilliseconds(2);

    // Continuations run inline, on the thread that ended the last query: a capacity search's next step
    // starts there, so on a fake clock it starts on the clock's own thread, before the clock moves on.
    private readonly TaskCompletionSource _drained = new();
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
    public Task RunAsync(long start, TimeSpan end, Func<CancellationToken, Task> query, Action<QueryOutcome> done, CancellationToken stop) =>
        time == TimeProvider.System
            ? Task.Factory.StartNew(() => LoopAsync(start, end, query, done, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
            : LoopAsync(start, end, query, done, stop);

    private async Task LoopAsync(long start, TimeSpan end, Func<CancellationToken, Task> query, Action<QueryOutcome> done, CancellationToken stop)
    {
        try
        {
            for (var next = schedule.Next(); next < end; next = schedule.Next())
            {
                stop.ThrowIfCancellationRequested();
                await WaitUntilAsync(start, next, stop).ConfigureAwait(false);
                if (Volatile.Read(ref _inFlight) >= maxOutstanding)
                {
                    done(new QueryOutcome(next, _timeout, $"not sent: {maxOutstanding} queries already in flight (max_outstanding)", QueryFailure.NotSent));
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

    private async ValueTask WaitUntilAsync(long start, TimeSpan due, CancellationToken stop)
    {
        if (time != TimeProvider.System)
        {
            var wait = due - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stop).ConfigureAwait(false);
            return;
        }
        // Sleeps on this thread to within EarlyWindow of the due time (a sleep overshoots by up to
        // a millisecond or so); the query is then sent early and measured from its send.
        for (var wait = due - time.GetElapsedTime(start); wait >= EarlyWindow; wait = due - time.GetElapsedTime(start))
        {
            if (stop.WaitHandle.WaitOne((int)(wait - EarlyWindow).TotalMilliseconds + 1)) stop.ThrowIfCancellationRequested();
        }
    }

    private async Task FireAsync(long start, TimeSpan scheduledAt, Func<CancellationToken, Task> query, Action<QueryOutcome> done, CancellationToken stop)
    {
        var sentAt = time.GetElapsedTime(start);
        // Only the system clock sends early on purpose (EarlyWindow); a fake clock's timer may fire a
        // fraction of a millisecond before the due time, which is not a send to measure from.
        var from = sentAt < scheduledAt && time == TimeProvider.System ? sentAt : scheduledAt;
        var lateness = sentAt > scheduledAt ? sentAt - scheduledAt : TimeSpan.Zero;
        var (failure, error) = await TimedQuery.RunAsync(query, from + _timeout - sentAt, _timeout, time, stop).ConfigureAwait(false);
        (failure, error) = TimedQuery.Late(failure, error, time.GetElapsedTime(start) - from, _timeout);
        var latency = failure == QueryFailure.None ? time.GetElapsedTime(start) - from : _timeout;
        Interlocked.Decrement(ref _inFlight);
        done(new QueryOutcome(scheduledAt, latency, error, failure, lateness));
        Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0) _drained.TrySetResult();
    }
}
