using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// Exports each batch as one OTLP logs request (and, with <c>signals: [logs, traces]</c>, one
/// traces request of the spans its entries open) to any OTLP receiver. One attempt per write, as
/// every sink: a partial success fails the rejected records with the server's message (never
/// retried, as the specification says); a retryable code leaves the batch to the pipeline with
/// the server's wait; anything else fails the batch with one line. When logs went through and
/// only the spans must go again, the retry sends the spans alone (the same batch comes back).
/// </summary>
public sealed class OtlpSink : LogSink
{
    private readonly OtlpSinkOptions _options;
    private readonly IOtlpTransport _transport;
    private readonly OtlpEncoder _encoder;
    private readonly OtlpLogsWriter _logs;
    private readonly OtlpRateLimit? _rate;
    private Batch? _logsSentFor; // the batch whose logs were taken while its spans wait for a retry
    private WriteResult _logsResult = WriteResult.Delivered;
    private long _spansRejected;

    public OtlpSink(string name, OtlpSinkOptions options, Shard shard, TimeProvider time, ILoggerFactory loggers) : base(name, "Otlp", loggers, time)
    {
        _options = options;
        _encoder = new OtlpEncoder(shard);
        _logs = new OtlpLogsWriter(shard);
        _transport = options.Protocol == OtlpProtocol.Grpc ? new OtlpGrpcTransport(options, time) : new OtlpHttpTransport(options, time);
        _rate = options.MaxRate > 0 ? new OtlpRateLimit(options.MaxRate, time) : null;
    }

    /// <summary>Spans the receiver rejected so far (partial successes or refused requests); entries are counted by the pipeline.</summary>
    public long SpansRejected => Interlocked.Read(ref _spansRejected);

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        // OTLP has no handshake: the first export tells whether the receiver is there (and is retried if not).
        Logger.LogInformation("Sink {Sink}: {Options}", Name, _options);
        return Task.CompletedTask;
    }

    public override async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(batch, _logsSentFor))
        {
            if (_rate is not null && !_rate.TryTake(batch.Count))
                return WriteResult.Dropped($"over max_rate ({_options.MaxRate} records/s)");
            var answer = await _transport.ExportLogsAsync(_logs.Write(batch), cancellationToken).ConfigureAwait(false);
            if (answer.Retryable) return WriteResult.Retry(batch, answer.Message!, answer.RetryAfter);
            if (answer.Refused) return WriteResult.PartlyFailed(batch.Count, answer.Message!);
            _logsResult = Accepted(batch, answer);
        }
        _logsSentFor = null;
        if (_options.Traces && _encoder.Spans(batch) is { } spans)
        {
            var answer = await _transport.ExportAsync(spans, cancellationToken).ConfigureAwait(false);
            if (answer.Retryable)
            {
                _logsSentFor = batch;
                return WriteResult.Retry(batch, $"spans: {answer.Message}", answer.RetryAfter);
            }
            var rejected = answer.Refused ? spans.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)) : answer.Rejected;
            if (rejected > 0)
            {
                Interlocked.Add(ref _spansRejected, rejected);
                Logger.LogWarning("Sink {Sink}: {Rejected} spans rejected ({Reason}); their log records were delivered", Name, rejected, answer.Message);
            }
        }
        return _logsResult;
    }

    // A partial success: the rejected records fail for good with the server's words; a message
    // with nothing rejected is a warning the specification lets a server give.
    private WriteResult Accepted(Batch batch, OtlpAnswer answer)
    {
        if (answer.Rejected > 0)
            return WriteResult.PartlyFailed((int)Math.Min(answer.Rejected, batch.Count),
                $"the OTLP receiver rejected {answer.Rejected} log records: {OtlpHttpTransport.OneLine(answer.Message ?? "(no message)")}");
        if (!string.IsNullOrEmpty(answer.Message))
            Logger.LogWarning("Sink {Sink}: the OTLP receiver took every record and said: {Message}", Name, OtlpHttpTransport.OneLine(answer.Message));
        return WriteResult.Delivered;
    }

    public override ValueTask DisposeAsync()
    {
        _transport.Dispose();
        return ValueTask.CompletedTask;
    }
}
