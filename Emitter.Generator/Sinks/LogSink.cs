using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Generator.Sinks;

/// <summary>
/// The parts every sink shares: its name, its logger (category <c>Emitter.Sinks.&lt;kind&gt;</c>),
/// the run's clock, the "not initialised" guard, setup with the one setup patience, and the one
/// place a sink says which of its server's failures are worth waiting for
/// (<see cref="IsTransient"/>, used for setup and for writes alike).
/// </summary>
public abstract class LogSink : ILogSink
{
    /// <param name="kind">The sink's type as its logger category ends: <c>Emitter.Sinks.Qdrant</c>.</param>
    protected LogSink(string name, string kind, ILoggerFactory? loggers = null, TimeProvider? time = null)
        : this(name, (loggers ?? NullLoggerFactory.Instance).CreateLogger(Category(kind)), time)
    {
    }

    protected LogSink(string name, ILogger logger, TimeProvider? time = null)
    {
        Name = name;
        Logger = logger;
        Time = time ?? TimeProvider.System;
    }

    public string Name { get; }
    public virtual SinkKind Kind => SinkKind.Store;
    public virtual int CoalesceEntries => 0;
    protected ILogger Logger { get; }
    protected TimeProvider Time { get; }

    public static string Category(string kind) => "Emitter.Sinks." + kind;

    public abstract Task InitializeAsync(SinkContext context, CancellationToken cancellationToken);
    public abstract Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken);
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Whether a failure of this sink's server is worth waiting for (unreachable, 429, 5xx, restarting).</summary>
    protected virtual bool IsTransient(Exception exception) => false;

    /// <summary>A failure of this sink's server in one line for logs and the summary (never a secret).</summary>
    protected virtual string Reason(Exception exception) => exception.Message;

    /// <summary>What <see cref="InitializeAsync"/> set up, or the error of a write before it.</summary>
    protected T Initialized<T>(T? state) where T : class =>
        state ?? throw new InvalidOperationException($"Sink {Name}: InitializeAsync was not called.");

    /// <summary>
    /// A whole attempt failed with <paramref name="exception"/>: all of <paramref name="batch"/> is left
    /// for the pipeline's retry when it is transient, else failed for good with <paramref name="reason"/>.
    /// </summary>
    protected WriteResult Outcome(Batch batch, Exception exception, string? reason = null) => IsTransient(exception)
        ? WriteResult.Retry(batch, reason ?? Reason(exception))
        : WriteResult.PartlyFailed(batch.Count, reason ?? Reason(exception));

    /// <summary>
    /// Runs a setup step with the setup profile: while it answers "not yet" or throws what
    /// <see cref="IsTransient"/> calls transient, it runs again after a backoff, with a warning
    /// each time, until <see cref="RetryPolicies.SetupPatience"/>; then the run stops with one line.
    /// </summary>
    /// <param name="server">The server as logs may show it (no secret), for the warnings and the last line.</param>
    protected async Task SetupAsync(string server, Func<CancellationToken, Task<Readiness>> step, CancellationToken cancellationToken)
    {
        string? last = null;
        // A refusal (bad config, a setup the server rejected) is final whatever the classifier says.
        var pipeline = RetryPolicies.Setup<Readiness>(Time, r => r.NotReadyReason, e => e is not (ConfigException or SinkSetupException) && IsTransient(e), Reason, (reason, delay) =>
        {
            last = reason;
            Logger.LogWarning("Sink {Sink}: {Server} not ready ({Reason}); trying again in {Delay:0.0} s", Name, server, reason, delay.TotalSeconds);
        });
        Readiness readiness;
        try
        {
            readiness = await pipeline.ExecuteAsync(static async (step, ct) => await step(ct).ConfigureAwait(false), step, cancellationToken).ConfigureAwait(false);
        }
        // The policy retries every transient failure while patience is left, so one that comes out
        // is the patience running out. (Measuring the time again here raced the policy's own clock.)
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not (OperationCanceledException or ConfigException or SinkSetupException)
                                  && IsTransient(e))
        {
            throw NotReady(server, last ?? Reason(e), e);
        }
        if (readiness.NotReadyReason is { } reason) throw NotReady(server, reason, null);
    }

    /// <inheritdoc cref="SetupAsync(string, Func{CancellationToken, Task{Readiness}}, CancellationToken)"/>
    protected Task SetupAsync(string server, Func<CancellationToken, Task> step, CancellationToken cancellationToken) =>
        SetupAsync(server, async ct =>
        {
            await step(ct).ConfigureAwait(false);
            return Readiness.Ready;
        }, cancellationToken);

    /// <summary>What to do about a server that never got ready, after the last line's reason.</summary>
    protected virtual string StartHint => "start it or fix the sink's address";

    private SinkSetupException NotReady(string server, string reason, Exception? inner) =>
        new($"Sink {Name}: {server} not ready after {RetryPolicies.SetupPatience.TotalSeconds:0} s ({reason}): {StartHint}", inner);
}
