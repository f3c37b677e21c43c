using Emitter.Generator.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Emitter.Generator.Sinks;

/// <summary>
/// Initializes every sink before the first entry, retrying transient failures (a database still
/// starting) for up to <see cref="Patience"/>; a sink that still cannot start stops the run with
/// its name and reason instead of a stack trace.
/// </summary>
public static class SinkStartup
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task InitializeAsync(IEnumerable<ILogSink> sinks, SinkContext context, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            var retry = new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not ConfigException and not OperationCanceledException && sink.IsTransient(e)),
                    MaxRetryAttempts = int.MaxValue,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(250),
                    MaxDelay = TimeSpan.FromSeconds(5),
                    OnRetry = args =>
                    {
                        logger.LogWarning("Sink {Sink} is not ready ({Reason}); retrying in {Delay:0.0} s",
                            sink.Name, args.Outcome.Exception?.Message, args.RetryDelay.TotalSeconds);
                        return default;
                    },
                })
                .AddTimeout(Patience)
                .Build();
            try
            {
                await retry.ExecuteAsync(async ct => await sink.InitializeAsync(context, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ConfigException && !cancellationToken.IsCancellationRequested)
            {
                throw new SinkStartupException($"Sink {sink.Name} could not start: {e.Message}", e);
            }
        }
    }
}
