using Emitter.Generator.Configuration;

namespace Emitter.Generator.Bench.Driver;

/// <summary>
/// The original query tool's closed loop (qstorm's run_burst): bursts of <c>size</c> queries,
/// <c>concurrency</c> at a time, one burst after another; each latency is the query's own
/// service time. A slow server makes the client send less, so its queueing never shows in the
/// figures: kept to compare with published results, not to judge a server. A query past the
/// timeout is abandoned and, like every query that does not succeed, reported at the timeout.
/// </summary>
public sealed class BurstDriver(TimeProvider time, BurstConfig burst, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMilliseconds(QueryWorkload.DefaultTimeoutMs);

    public async Task RunAsync(long start, TimeSpan end, Func<CancellationToken, Task> query, Action<QueryOutcome> done, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && time.GetElapsedTime(start) < end)
        {
            var remaining = burst.Size;
            var workers = Enumerable.Range(0, Math.Min(burst.Concurrency, burst.Size)).Select(async _ =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0 && !stop.IsCancellationRequested)
                {
                    var sentAt = time.GetElapsedTime(start);
                    var (failure, error) = await TimedQuery.RunAsync(query, _timeout, _timeout, time, stop).ConfigureAwait(false);
                    (failure, error) = TimedQuery.Late(failure, error, time.GetElapsedTime(start) - sentAt, _timeout);
                    var latency = failure == QueryFailure.None ? time.GetElapsedTime(start) - sentAt : _timeout;
                    done(new QueryOutcome(sentAt, latency, error, failure));
                }
            });
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }
}
