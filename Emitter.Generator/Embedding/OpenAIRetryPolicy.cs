using System.ClientModel.Primitives;
using Emitter.Generator.Resilience;

namespace Emitter.Generator.Embedding;

/// <summary>
/// The one retry layer for OpenAI calls. It replaces the pipeline's default
/// <see cref="ClientRetryPolicy"/> (not stacked on it), keeps the base class's decision of
/// what is retriable (408, 429, 500, 502, 503, 504 and network failures) and its attempt
/// count (the SDK owns the loop, as it must resend its own message), and takes the wait from
/// <see cref="RetryPolicies.EmbeddingDelay"/>: the server's Retry-After wins when given,
/// otherwise exponential backoff with jitter; both capped.
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

    /// <summary>The wait before retry number <paramref name="retriesSoFar"/> + 1: the embedding profile of <see cref="RetryPolicies"/>.</summary>
    internal TimeSpan NextDelay(int retriesSoFar, TimeSpan? retryAfter) =>
        RetryPolicies.EmbeddingDelay(retriesSoFar, retryAfter, _initialDelay, _maxDelay);

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
