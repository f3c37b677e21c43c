using System.Diagnostics;
using System.Threading.Channels;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Emitter.Generator.Batching;

/// <summary>
/// One sink's bounded queue of batches and its own writer, so a slow sink never delays the
/// others. Transient failures are retried with backoff until shutdown's grace period ends;
/// whatever could not be written is counted (failed for a store, dropped for a live view),
/// never lost in silence, and the drain ends with the grace period even if a write never returns.
/// </summary>
public sealed class SinkPipeline
{
    public const string StillWritingReason = "still writing when the grace period ended";

    private readonly Channel<Batch> _queue;
    private readonly ILogSink _sink;
    private readonly OnFullPolicy _onFull;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _abort = new();
    // The writer and the drain decide under this lock who counts a batch, so each is counted
    // exactly once even when the drain gives up on a write that later returns.
    private readonly Lock _gate = new();
    private Batch? _writing;
    private bool _givenUp;
    private Task? _writer;

    public SinkPipeline(ILogSink sink, SinkConfig config, TimeProvider time, ILogger logger)
    {
        _sink = sink;
        _onFull = config.OnFull;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<Batch>(new BoundedChannelOptions(config.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException && sink.IsTransient(e)),
                MaxRetryAttempts = int.MaxValue, // bounded by the grace period's cancellation instead
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    Stats.AddRetry();
                    _logger.LogWarning("Sink {Sink}: write failed ({Reason}); retry {Attempt} in {Delay:0.0} s",
                        sink.Name, args.Outcome.Exception?.Message, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                    return default;
                },
            })
            .Build();
    }

    public string Name => _sink.Name;
    public ILogSink Sink => _sink;

    /// <summary>
    /// Whether the writer is still inside a write the drain gave up on (one that ignores
    /// cancellation, like a blocked pipe): the sink must not be disposed under it.
    /// </summary>
    public bool StillWriting => _writer is { IsCompleted: false };

    /// <summary>Batch retries here plus any the sink made inside its writes.</summary>
    public long Retries => Stats.Retries + ((_sink as ICountsOwnRetries)?.Retries ?? 0);
    public SinkStats Stats { get; } = new();
    public int QueueDepth => _queue.Reader.Count;

    public void Start() => _writer = Task.Run(WriteLoopAsync);

    /// <summary>Queues a batch. Block waits for room (the emitters fall behind); drop counts it.</summary>
    public ValueTask EnqueueAsync(Batch batch, CancellationToken cancellationToken)
    {
        if (_onFull == OnFullPolicy.Block) return _queue.Writer.WriteAsync(batch, cancellationToken);
        if (!_queue.Writer.TryWrite(batch)) Stats.AddDropped(batch.Count);
        return ValueTask.CompletedTask;
    }

    /// <summary>Counts entries this sink will never get: failed for a store, dropped for a live view (which never fails the run).</summary>
    public void GiveUp(int entries, string reason)
    {
        if (_sink.IsLiveView) Stats.AddDropped(entries, reason);
        else Stats.AddFailed(entries, reason);
    }

    /// <summary>No more batches: let the writer drain the queue within <paramref name="grace"/>, then give up on the rest.</summary>
    public async Task CompleteAsync(TimeSpan grace)
    {
        using var deadline = new CancellationTokenSource(grace, _time);
        await CompleteAsync(deadline.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// No more batches: the writer drains the queue until <paramref name="deadline"/> (the end of
    /// the grace period). Then the write under way and what is still queued are given up and
    /// counted, and this returns even if that write never does.
    /// </summary>
    public async Task CompleteAsync(CancellationToken deadline)
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            using var abortAtDeadline = deadline.Register(static abort => ((CancellationTokenSource)abort!).Cancel(), _abort);
            try
            {
                await _writer.WaitAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                // A cooperative write ends by itself; one that ignores cancellation is left behind.
            }
        }
        lock (_gate)
        {
            _givenUp = true;
            if (_writing is { } stuck)
            {
                _writing = null;
                GiveUp(stuck.Count, StillWritingReason);
            }
            while (_queue.Reader.TryRead(out var left)) GiveUp(left.Count, "the shutdown grace period ended before it was written");
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                while (Take() is { } batch) await WriteAsync(batch).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Grace period over: what is still queued is counted by CompleteAsync.
        }
    }

    /// <summary>The next batch to write (joined with those waiting, for a sink that asks), unless the drain has given up.</summary>
    private Batch? Take()
    {
        lock (_gate)
        {
            if (_givenUp || !_queue.Reader.TryRead(out var batch)) return null;
            return _writing = BatchCoalescer.WithWaiting(batch, _queue.Reader, _sink.CoalesceEntries);
        }
    }

    /// <summary>Whether the writer still counts <paramref name="batch"/>: false once the drain gave up on it (and counted it).</summary>
    private bool Settle(Batch batch)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_writing, batch)) return false;
            _writing = null;
            return true;
        }
    }

    private async Task WriteAsync(Batch batch)
    {
        using var activity = EmitterDiagnostics.Source.StartActivity("sink write");
        activity?.SetTag("emitter.sink", _sink.Name);
        activity?.SetTag("emitter.batch.size", batch.Count);
        activity?.SetTag("emitter.batch.sequence", batch.Sequence);
        var started = _time.GetTimestamp();
        try
        {
            await _retry.ExecuteAsync(static (state, ct) => new ValueTask(state.Sink.WriteAsync(state.Batch, ct)),
                (Sink: _sink, Batch: batch), _abort.Token).ConfigureAwait(false);
            if (Settle(batch)) Stats.AddDelivered(batch.Count, _time.GetUtcNow() - batch.SealedAt);
        }
        catch (Exception e)
        {
            if (Settle(batch)) CountFailure(batch, e, activity);
        }
        finally
        {
            EmitterDiagnostics.SinkWriteDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("sink", _sink.Name));
        }
    }

    private void CountFailure(Batch batch, Exception exception, Activity? activity)
    {
        switch (exception)
        {
            case OperationCanceledException when _abort.IsCancellationRequested:
                GiveUp(batch.Count, StillWritingReason);
                activity?.SetStatus(ActivityStatusCode.Error, "grace period ended");
                break;
            case BatchDroppedException e:
                // A live view's loss: counted with the reason; the sink logs the outage itself, once.
                Stats.AddDropped(batch.Count, e.Message);
                break;
            case PartialBatchFailureException e:
                var failed = Math.Clamp(e.FailedEntries, 0, batch.Count);
                Stats.AddDelivered(batch.Count - failed, _time.GetUtcNow() - batch.SealedAt);
                GiveUp(failed, e.Message);
                _logger.LogError("Sink {Sink}: {Failed} of {Count} entries failed: {Reason}", _sink.Name, failed, batch.Count, e.Message);
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                break;
            default:
                GiveUp(batch.Count, exception.Message);
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                _logger.LogError("Sink {Sink}: batch of {Count} entries failed: {Reason}", _sink.Name, batch.Count, exception.Message);
                break;
        }
    }
}
