namespace Emitter.Generator.Bench.Driver;

/// <summary>
/// One query with a deadline, in one place for the drivers and the probes: cancelled when the
/// deadline passes (and not waited for past it, whether or not the client honours the
/// cancellation), classified when it fails.
/// </summary>
public static class TimedQuery
{
    /// <summary>An answer that came after the deadline (before its cancellation took hold) is a timeout too: no query reports more than the timeout.</summary>
    public static (QueryFailure Failure, string? Error) Late(QueryFailure failure, string? error, TimeSpan latency, TimeSpan timeout) =>
        failure == QueryFailure.None && latency > timeout
            ? (QueryFailure.Timeout, $"answered after timeout_ms ({timeout.TotalMilliseconds:0} ms) of its due time")
            : (failure, error);

    /// <param name="remaining">Time left until the deadline; zero or less: not sent, a timeout.</param>
    /// <param name="timeout">The configured timeout, for the message.</param>
    public static async Task<(QueryFailure Failure, string? Error)> RunAsync(Func<CancellationToken, Task> query, TimeSpan remaining, TimeSpan timeout,
        TimeProvider time, CancellationToken stop)
    {
        var timedOut = $"no answer within timeout_ms ({timeout.TotalMilliseconds:0} ms) of its due time";
        if (remaining <= TimeSpan.Zero) return (QueryFailure.Timeout, timedOut);
        using var deadline = new CancellationTokenSource(remaining, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        Task? task = null;
        try
        {
            task = query(linked.Token);
            await task.WaitAsync(linked.Token).ConfigureAwait(false);
            return (QueryFailure.None, null);
        }
        catch (Exception) when (deadline.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            // Abandoned: whatever it ends with later is observed, not reported.
            _ = task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return (QueryFailure.Timeout, timedOut);
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException)
        {
            return (QueryFailure.Failed, "stopped before it finished");
        }
        catch (Exception e)
        {
            return (QueryFailures.Classify(e), e.Message);
        }
    }
}
