using Polly;
using Polly.Retry;

namespace Emitter.Generator.Resilience;

/// <summary>
/// Every retry Emitter makes comes from here, on the run's <see cref="TimeProvider"/> (fake-clock
/// tests never sleep), so no two places wait differently for the same server:
/// <list type="bullet">
/// <item><see cref="Setup"/>: a sink getting ready. One patience for every sink
/// (<see cref="SetupPatience"/>): a Qdrant still starting is waited for as long as a PostgreSQL.</item>
/// <item><see cref="Write"/>: the pipeline's retry of what a write left (only that), until the
/// shutdown grace period cancels it; a server's Retry-After wins over the backoff.</item>
/// <item><see cref="WriteTimeouts"/>: how often a store's write of one batch may time out before
/// the batch is failed rather than retried by <see cref="Write"/> again.</item>
/// <item><see cref="Embedding"/>: an OpenAI request, resent a bounded number of times (the SDK's own
/// retries are off, so they never stack under these); the server's Retry-After wins over the backoff.</item>
/// </list>
/// Backoff is exponential with jitter, so writers that failed together do not come back together.
/// </summary>
public static class RetryPolicies
{
    /// <summary>How long any sink waits for its server at setup before the run stops (exit 1).</summary>
    public static readonly TimeSpan SetupPatience = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Times a store's write of one batch may time out on the server (the statement cancelled by
    /// the client's timeout) before the batch is failed instead of retried: a write that outlasts
    /// its timeout would otherwise be rolled back and sent again identically forever.
    /// </summary>
    public const int WriteTimeoutAttempts = 3;

    /// <summary>A sink's budget of <see cref="WriteTimeoutAttempts"/> timeouts per batch, beside its <see cref="Write"/> profile.</summary>
    public static WriteTimeoutBudget WriteTimeouts() => new(WriteTimeoutAttempts);

    /// <summary>A Retry-After longer than this is taken as this (a server's 10^12 s must not overflow a timer).</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The setup profile: retries a step while it reports "not ready yet" (<paramref name="notReady"/>
    /// gives the reason) or throws what <paramref name="isTransient"/> calls transient, until
    /// <paramref name="patience"/> has passed since this was built; then the last outcome is the
    /// caller's. A step under way is not cancelled at the patience (creating an index may take long):
    /// each client's own timeout bounds one attempt.
    /// </summary>
    /// <param name="describe">An exception as the warning shows it (one line, no secret).</param>
    /// <param name="onRetry">The reason and the wait, for the caller's one warning per retry.</param>
    public static ResiliencePipeline<T> Setup<T>(TimeProvider time, Func<T, string?> notReady, Func<Exception, bool> isTransient,
        Func<Exception, string> describe, Action<string, TimeSpan> onRetry, TimeSpan? patience = null)
    {
        var started = time.GetTimestamp();
        var limit = patience ?? SetupPatience;
        TimeSpan Left() => limit - time.GetElapsedTime(started);
        return new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = args => ValueTask.FromResult(Left() > TimeSpan.Zero && (args.Outcome.Exception is { } e
                    ? e is not OperationCanceledException && isTransient(e)
                    : notReady(args.Outcome.Result!) is not null)),
                MaxRetryAttempts = int.MaxValue, // bounded by the patience instead
                // The last wait ends at the patience, so the last attempt is made then, not after it.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Min(Backoff(args.AttemptNumber, FirstDelay, MaxDelay), Left())),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception is { } e ? describe(e) : notReady(args.Outcome.Result!)!, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// The write profile: retries while an attempt's result says something is left
    /// (<paramref name="retryAfter"/> gives the server's wish, or null), without a count: the
    /// pipeline's cancellation at the end of the grace period ends it.
    /// </summary>
    public static ResiliencePipeline<T> Write<T>(TimeProvider time, Func<T, bool> left, Func<T, TimeSpan?> retryAfter,
        Action<T, int, TimeSpan> onRetry) =>
        new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && left(args.Outcome.Result!)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } result && retryAfter(result) is { } asked
                    ? (TimeSpan?)Clamp(asked)
                    : null),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Result!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    /// <summary>
    /// The embedding profile: an attempt whose result <paramref name="retriable"/> calls worth
    /// another go is made again, at most <paramref name="maxRetries"/> times (so a server that
    /// answers 429 forever gets <paramref name="maxRetries"/> + 1 requests), after
    /// <see cref="EmbeddingDelay"/> (the server's Retry-After when <paramref name="retryAfter"/> reads
    /// one). Then the last result is the caller's.
    /// </summary>
    /// <param name="onRetry">The result about to be tried again (to free what it holds).</param>
    public static ResiliencePipeline<T> Embedding<T>(TimeProvider time, int maxRetries, TimeSpan first, TimeSpan max,
        Func<T, bool> retriable, Func<T, TimeSpan?> retryAfter, Action<T> onRetry)
    {
        if (maxRetries <= 0) return ResiliencePipeline<T>.Empty; // Polly wants at least one retry
        return new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && retriable(args.Outcome.Result!)),
                MaxRetryAttempts = maxRetries,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    EmbeddingDelay(args.AttemptNumber, retryAfter(args.Outcome.Result!), first, max)),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Result!);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// The embedding profile's wait before retry number <paramref name="retriesSoFar"/> + 1: the
    /// server's Retry-After when given (never earlier, a little spread), else exponential from
    /// <paramref name="first"/> with ±20% jitter; both capped at <paramref name="max"/>.
    /// </summary>
    public static TimeSpan EmbeddingDelay(int retriesSoFar, TimeSpan? retryAfter, TimeSpan first, TimeSpan max)
    {
        if (retryAfter is { } asked)
        {
            // Parallel requests refused together must not all come back in the same millisecond.
            return Min(Clamp(asked) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100)), max);
        }
        return Backoff(retriesSoFar, first, max);
    }

    /// <summary>Exponential from <paramref name="first"/>, ±20% jitter, capped at <paramref name="max"/>.</summary>
    private static TimeSpan Backoff(int retriesSoFar, TimeSpan first, TimeSpan max) =>
        Min(first * Math.Pow(2, Math.Clamp(retriesSoFar, 0, 30)) * (0.8 + Random.Shared.NextDouble() * 0.4), max);

    private static TimeSpan Clamp(TimeSpan asked) => asked < TimeSpan.Zero ? TimeSpan.Zero : Min(asked, MaxRetryAfter);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
