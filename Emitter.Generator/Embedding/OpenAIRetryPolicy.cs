using System.ClientModel.Primitives;

namespace Emitter.Generator.Embedding;

/// <summary>
/// The one retry layer for OpenAI calls. It replaces the pipeline's default
/// <see cref="ClientRetryPolicy"/> (not stacked on it), keeps the base class's decision of
/// what is retriable (408, 429, 500, 502, 503, 504 and network failures) and its attempt
/// count, and changes only the wait: the server's Retry-After wins when given, otherwise
/// exponential backoff with jitter; both capped.
/// </summary>
internal sealed class OpenAIRetryPolicy : ClientRetryPolicy
{
    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;

    public OpenAIRetryPolicy(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay, TimeProvider? time = null)
        : base(maxRetries)
    {
        _initialDelay = initialDelay;
        _maxDelay = maxDelay;
        _time = time ?? TimeProvider.System;
    }

    protected override bool ShouldRetry(PipelineMessage message, Exception? exception)
    {
        // A 429 for an empty account is not transient: waiting will not add credit.
        if (exception is null && message.Response is { Status: 429 } response && IsQuotaExhausted(response))
        {
            return false;
        }

        return base.ShouldRetry(message, exception);
    }

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        var hint = message.Response is { } response
            ? RetryAfterHeader.TryRead(response.Headers, _time.GetUtcNow())
            : null;
        // tryCount is 1 for the first retry (checked against System.ClientModel 1.16).
        return NextDelay(tryCount - 1, hint);
    }

    /// <summary>The wait before retry number <paramref name="retriesSoFar"/> + 1.</summary>
    internal TimeSpan NextDelay(int retriesSoFar, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            // Never earlier than asked; a little spread so parallel requests that were
            // refused together do not all come back in the same millisecond.
            var spread = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100));
            return Min(asked + spread, _maxDelay);
        }

        var exponent = Math.Clamp(retriesSoFar, 0, 30);
        var backoff = _initialDelay * Math.Pow(2, exponent);
        backoff *= 0.8 + Random.Shared.NextDouble() * 0.4;
        return Min(backoff, _maxDelay);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool IsQuotaExhausted(PipelineResponse response)
    {
        try
        {
            return OpenAIErrorBody.Read(response).Code == "insufficient_quota";
        }
        catch (InvalidOperationException)
        {
            return false; // unbuffered content: cannot tell, let the base policy decide
        }
    }
}
