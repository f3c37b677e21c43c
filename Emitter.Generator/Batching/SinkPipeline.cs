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
/// whatever could not be written is counted as failed, never dropped in silence.
/// </summary>
public sealed class SinkPipeline
{
    private readonly Channel<Batch> _queue;
    private readonly ILogSink _sink;
    private readonly OnFullPolicy _onFull;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _abort;
    private Task? _writer;

    public SinkPipeline(ILogSink sink, SinkConfig config, TimeProvider time, ILogger logger)
    {
        _sink = sink;
        _onFull = config.OnFull;
        _time = time;
        _logger = logger;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
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

    /// <summary>No more batches: let the writer drain the queue within <paramref name="grace"/>, then give up on the rest.</summary>
    public async Task CompleteAsync(TimeSpan grace)
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            _abort.CancelAfter(grace);
            await _writer.ConfigureAwait(false);
        }
        while (_queue.Reader.TryRead(out var left))
        {
            Stats.AddFailed(left.Count, "the shutdown grace period ended before it was written");
        }
        _abort.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var batch))
                {
                    await WriteAsync(BatchCoalescer.WithWaiting(batch, _queue.Reader, _sink.CoalesceEntries)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Grace period over: what is still queued is counted by CompleteAsync.
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
            Stats.AddDelivered(batch.Count, _time.GetUtcNow() - batch.SealedAt);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            Stats.AddFailed(batch.Count, "the shutdown grace period ended while it was being written");
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "grace period ended");
        }
        catch (BatchDroppedException e)
        {
            // A live view's loss: counted with the reason; the sink logs the outage itself, once.
            Stats.AddDropped(batch.Count, e.Message);
        }
        catch (PartialBatchFailureException e)
        {
            var failed = Math.Clamp(e.FailedEntries, 0, batch.Count);
            Stats.AddDelivered(batch.Count - failed, _time.GetUtcNow() - batch.SealedAt);
            Stats.AddFailed(failed, e.Message);
            _logger.LogError("Sink {Sink}: {Failed} of {Count} entries failed: {Reason}", _sink.Name, failed, batch.Count, e.Message);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
        }
        catch (Exception e)
        {
            Stats.AddFailed(batch.Count, e.Message);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            _logger.LogError("Sink {Sink}: batch of {Count} entries failed: {Reason}", _sink.Name, batch.Count, e.Message);
        }
        finally
        {
            EmitterDiagnostics.SinkWriteDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("sink", _sink.Name));
        }
    }
}
