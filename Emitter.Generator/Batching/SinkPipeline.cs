using System.Diagnostics;
using System.Threading.Channels;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Resilience;
using Emitter.Generator.Sinks;
using Emitter.Generator.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;

namespace Emitter.Generator.Batching;

/// <summary>
/// One sink's bounded queue of batches and its own writer, so a slow sink never delays the
/// others; the one scheduler of writes. What a write leaves (its <see cref="WriteResult.Remainder"/>,
/// only that) is retried with the write profile until shutdown's grace period ends;
/// whatever could not be written is counted (failed for a store, dropped for a live view),
/// never lost in silence, and the drain ends with the grace period even if a write never returns.
/// </summary>
public sealed class SinkPipeline
{
    public const string StillWritingReason = "still writing when the grace period ended";

    /// <summary>
    /// How long past the grace deadline a write that honours cancellation gets to say what it
    /// stored and what it gave up (the slices that committed, the requests that were answered),
    /// so the split between delivered and failed is exact; one that ignores it is left behind.
    /// </summary>
    public static readonly TimeSpan AccountAfterDeadline = TimeSpan.FromSeconds(2);

    private readonly Channel<Batch> _queue;
    private readonly ILogSink _sink;
    private readonly OnFullPolicy _onFull;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<WriteResult> _retry;
    private readonly CancellationTokenSource _abort = new();
    // The writer and the drain decide under this lock who counts a batch, so each is counted
    // exactly once even when the drain gives up on a write that later returns.
    private readonly Lock _gate = new();
    // What the writer still owes for the batch under way: all of it, then what each attempt left.
    private Batch? _writing;
    // The batch under way as taken (before any remainder), and whether any attempt stored part of it:
    // a batch counts once in Stats.Batches, when nothing of it is left, however many attempts it took.
    private Batch? _taken;
    private bool _storedAny;
    private bool _givenUp;
    // Set when a write said its destination is gone for good: everything after it fails with this reason.
    private string? _goneReason;
    private readonly CancellationTokenSource _gone = new();
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
        _retry = RetryPolicies.Write<WriteResult>(time, r => r.HasRemainder, r => r.RetryAfter, (result, attempt, delay) =>
        {
            Stats.AddRetry();
            _logger.LogWarning("Sink {Sink}: {Left} entries not written ({Reason}); retry {Attempt} in {Delay:0.0} s",
                sink.Name, result.Remainder!.Count, result.RemainderReason, attempt, delay.TotalSeconds);
        });
    }

    public string Name => _sink.Name;
    public ILogSink Sink => _sink;

    /// <summary>
    /// Whether the writer is still inside a write the drain gave up on (one that ignores
    /// cancellation, like a blocked pipe): the sink must not be disposed under it.
    /// </summary>
    public bool StillWriting => _writer is { IsCompleted: false };

    /// <summary>Retries of what writes left: the only retries of a write (a sink makes none of its own).</summary>
    public long Retries => Stats.Retries;
    public SinkStats Stats { get; } = new();
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>Cancelled when the sink's destination went away for good (stdout closed by its reader): the run stops.</summary>
    public CancellationToken DestinationGone => _gone.Token;

    /// <summary>
    /// Told of every write that stored entries, as it returns: the batch sent and what it left to
    /// send again (those entries are not stored yet). A bench sets it to time acknowledgements
    /// (a marker's acked_at) and to know which entries a store holds; it runs on the writer, so it must be quick.
    /// </summary>
    public Action<Batch, Batch?>? Stored { get; set; }

    public void Start() => _writer = Task.Run(WriteLoopAsync);

    /// <summary>Queues a batch. Block waits for room (the emitters fall behind); drop counts it.</summary>
    public ValueTask EnqueueAsync(Batch batch, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _goneReason) is { } gone)
        {
            GiveUp(batch.Count, gone);
            return ValueTask.CompletedTask;
        }
        if (_onFull == OnFullPolicy.Block) return _queue.Writer.WriteAsync(batch, cancellationToken);
        if (!_queue.Writer.TryWrite(batch)) Stats.AddDropped(batch.Count);
        return ValueTask.CompletedTask;
    }

    /// <summary>Counts entries this sink will never get: failed for a store, dropped for a live view (which never fails the run).</summary>
    public void GiveUp(int entries, string reason)
    {
        if (_sink.Kind == SinkKind.LiveView) Stats.AddDropped(entries, reason);
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
                // A cooperative write ends by itself and says what became of its batch; one that ignores cancellation is left behind.
                try
                {
                    await _writer.WaitAsync(AccountAfterDeadline, _time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
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
            Batch? batch;
            while (true)
            {
                if (_givenUp || !_queue.Reader.TryRead(out batch)) return null;
                if (_goneReason is null) break;
                GiveUp(batch.Count, _goneReason); // queued as the destination went away
            }
            _storedAny = false;
            return _taken = _writing = BatchCoalescer.WithWaiting(batch, _queue.Reader, _sink.CoalesceEntries);
        }
    }

    /// <summary>What the writer still owes, unless the drain gave up on it (and counted it).</summary>
    private Batch? Pending()
    {
        lock (_gate) return _writing;
    }

    /// <summary>Counts one attempt at <paramref name="sent"/>; false when the drain gave up on it meanwhile (and counted it).</summary>
    private bool Account(Batch sent, WriteResult result, Activity? activity)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_writing, sent)) return false;
            if (result.DroppedReason is { } dropped)
            {
                // A live view's loss: counted with the reason; the sink logs the outage itself, once. Parts it took before count delivered.
                var lost = Math.Clamp(result.DroppedCount ?? sent.Count, 0, sent.Count);
                if (sent.Count - lost > 0) Stats.AddDelivered(sent.Count - lost, _time.GetUtcNow() - sent.SealedAt);
                if (lost > 0) Stats.AddDropped(lost, dropped);
                _writing = null;
                return true;
            }
            var left = result.HasRemainder && !result.IsGone ? Math.Min(result.Remainder!.Count, sent.Count) : 0;
            var failed = Math.Clamp(result.Failed, 0, sent.Count - left);
            if (sent.Count - left - failed is > 0 and var stored)
            {
                Stats.AddDelivered(stored, _time.GetUtcNow() - sent.SealedAt);
                _storedAny = true;
                Stored?.Invoke(sent, left > 0 ? result.Remainder : null);
            }
            if (result.IsGone)
            {
                // One line, as a command-line tool says it; what is queued or still to come fails with the same reason.
                _goneReason = result.FailedReason ?? "the destination went away";
                GiveUp(failed, _goneReason);
                while (_queue.Reader.TryRead(out var queued)) GiveUp(queued.Count, _goneReason);
                _logger.LogWarning("Sink {Sink}: {Reason}; the sink stops ({Failed} entries of this write not written) and the run stops", _sink.Name, _goneReason, failed);
                activity?.SetStatus(ActivityStatusCode.Error, _goneReason);
                _ = _gone.CancelAsync(); // the run's stop runs elsewhere, not under this lock
            }
            else if (failed > 0)
            {
                GiveUp(failed, result.FailedReason ?? "refused");
                _logger.LogError("Sink {Sink}: {Failed} of {Count} entries failed: {Reason}", _sink.Name, failed, sent.Count, result.FailedReason);
                activity?.SetStatus(ActivityStatusCode.Error, result.FailedReason);
            }
            _writing = left > 0 ? result.Remainder : null;
            if (left == 0 && _storedAny) Stats.AddBatches(_taken?.Sealed ?? 1);
            return true;
        }
    }

    /// <summary>The write under way ended without a result: what it still owed is counted (unless the drain already did).</summary>
    private void Fail(Exception exception, Activity? activity)
    {
        lock (_gate)
        {
            if (_writing is not { } owed) return;
            _writing = null;
            if (exception is OperationCanceledException && _abort.IsCancellationRequested)
            {
                GiveUp(owed.Count, StillWritingReason);
                activity?.SetStatus(ActivityStatusCode.Error, "grace period ended");
                return;
            }
            GiveUp(owed.Count, exception.Message);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            _logger.LogError("Sink {Sink}: {Count} entries failed: {Reason}", _sink.Name, owed.Count, exception.Message);
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
            // Each attempt sends what the last one left; Account moves _writing on to it.
            await _retry.ExecuteAsync(async ct =>
            {
                if (Pending() is not { } owed) return WriteResult.Delivered;
                var result = await _sink.WriteAsync(owed, ct).ConfigureAwait(false);
                return Account(owed, result, activity) ? result : WriteResult.Delivered;
            }, _abort.Token).ConfigureAwait(false);
            // Left over after the deadline (a write that answered with a remainder then), or a profile that
            // gave up with something left (none does today): counted, not lost.
            Fail(_abort.IsCancellationRequested ? new OperationCanceledException(_abort.Token) : new InvalidOperationException("retries ended with entries still unwritten"), activity);
        }
        catch (Exception e)
        {
            Fail(e, activity);
        }
        finally
        {
            EmitterDiagnostics.SinkWriteDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("sink", _sink.Name));
        }
    }
}
