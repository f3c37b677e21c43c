using System.ClientModel.Primitives;
using System.Runtime.ExceptionServices;
using Emitter.Generator.Resilience;
using Polly;

namespace Emitter.Generator.Embedding;

/// <summary>
/// The one retry layer for OpenAI calls: a per-call policy that runs the rest of the client's
/// pipeline inside <see cref="RetryPolicies.Embedding"/> on the run's <see cref="TimeProvider"/>.
/// The client's own <see cref="ClientRetryPolicy"/> is given no retries (<see cref="NoRetries"/>),
/// so a request is sent at most <c>maxRetries + 1</c> times. What is retriable is the client's
/// decision (408, 429, 500, 502, 503, 504 and network failures), except a 429 for an account
/// without quota; the wait is the server's Retry-After when given, else backoff with jitter.
/// </summary>
internal sealed class OpenAIRetryPolicy : PipelinePolicy
{
    /// <summary>For <c>OpenAIClientOptions.RetryPolicy</c>: one attempt, so the SDK never retries under this policy.</summary>
    public static ClientRetryPolicy NoRetries { get; } = new(maxRetries: 0);

    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<Attempt> _retry;

    public OpenAIRetryPolicy(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay, TimeProvider? time = null)
    {
        _initialDelay = initialDelay;
        _maxDelay = maxDelay;
        _time = time ?? TimeProvider.System;
        _retry = RetryPolicies.Embedding<Attempt>(_time, maxRetries, initialDelay, maxDelay, ShouldRetry, RetryAfter,
            // As the SDK's loop does: free the connection before the request goes again.
            attempt => attempt.Message.Response?.ContentStream?.Dispose());
    }

    /// <summary>The wait before retry number <paramref name="retriesSoFar"/> + 1: the embedding profile of <see cref="RetryPolicies"/>.</summary>
    internal TimeSpan NextDelay(int retriesSoFar, TimeSpan? retryAfter) =>
        RetryPolicies.EmbeddingDelay(retriesSoFar, retryAfter, _initialDelay, _maxDelay);

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        var last = _retry.Execute(static (state, _) =>
        {
            try
            {
                ProcessNext(state.Message, state.Pipeline, state.Index);
                return new Attempt(state.Message, null);
            }
            catch (Exception e)
            {
                return new Attempt(state.Message, ExceptionDispatchInfo.Capture(e));
            }
        }, new State(message, pipeline, currentIndex), message.CancellationToken);
        last.Failure?.Throw();
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        var last = await _retry.ExecuteAsync(static async (state, _) =>
        {
            try
            {
                await ProcessNextAsync(state.Message, state.Pipeline, state.Index).ConfigureAwait(false);
                return new Attempt(state.Message, null);
            }
            catch (Exception e)
            {
                return new Attempt(state.Message, ExceptionDispatchInfo.Capture(e));
            }
        }, new State(message, pipeline, currentIndex), message.CancellationToken).ConfigureAwait(false);
        last.Failure?.Throw();
    }

    private static bool ShouldRetry(Attempt attempt)
    {
        var (message, failure) = (attempt.Message, attempt.Failure?.SourceException);
        if (message.CancellationToken.IsCancellationRequested) return false;
        if (failure is null && message.Response is not { IsError: true } response) return false;
        // A 429 for an empty account is not transient: waiting will not add credit.
        if (failure is null && message.Response is { Status: 429 } refused && IsQuotaExhausted(refused)) return false;
        if (!message.ResponseClassifier.TryClassify(message, failure, out var retriable))
            PipelineMessageClassifier.Default.TryClassify(message, failure, out retriable);
        return retriable;
    }

    private TimeSpan? RetryAfter(Attempt attempt) =>
        attempt.Failure is null && attempt.Message.Response is { } response ? RetryAfterHeader.TryRead(response.Headers, _time.GetUtcNow()) : null;

    private static bool IsQuotaExhausted(PipelineResponse response)
    {
        try
        {
            return OpenAIErrorBody.Read(response).Code == "insufficient_quota";
        }
        catch (InvalidOperationException)
        {
            return false; // unbuffered content: cannot tell, let the classifier decide
        }
    }

    /// <summary>One send of the message: it holds the response, or what the rest of the pipeline threw.</summary>
    private readonly record struct Attempt(PipelineMessage Message, ExceptionDispatchInfo? Failure);

    private readonly record struct State(PipelineMessage Message, IReadOnlyList<PipelinePolicy> Pipeline, int Index);
}
