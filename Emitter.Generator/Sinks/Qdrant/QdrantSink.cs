using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Pool;
using System.Runtime.ExceptionServices;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Generator.Sinks.Qdrant;

/// <summary>
/// Upserts entries into a Qdrant collection over gRPC with the official client: each batch is
/// split into requests of <see cref="QdrantSinkOptions.BatchSize"/> points, several in flight;
/// a request the server could not take now (Unavailable, DeadlineExceeded, ResourceExhausted)
/// is sent again after a backoff. Point ids are entry ids, so a repeat never duplicates. A request
/// refused for good fails its own points only; the pipeline's retry of a batch sends only the
/// requests still answered "not now" (<see cref="BatchRemainder{T}"/>).
/// </summary>
public sealed class QdrantSink(string name, QdrantSinkOptions options, TimeProvider time, ILoggerFactory loggers)
    : ILogSink, ICountsOwnRetries
{
    private readonly SinkBackoff _backoff = new(time);
    private readonly BatchRemainder<PointStruct[]> _remainder = new();
    private readonly ILogger _logger = loggers.CreateLogger<QdrantSink>();
    private QdrantClient? _client;
    private QdrantPoints? _points;

    public string Name { get; } = name;
    public long Retries => _backoff.Retries;

    public async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        // The client's own logger would report every retried failure as an error: ours reports outcomes.
        _client = new QdrantClient(options.Endpoint, options.ApiKey, options.Timeout);
        var setup = new QdrantCollectionSetup(_client, options.Collection, context.Embedding, options.IndexMode);
        try
        {
            await WithRetriesAsync(setup.EnsureAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (SinkSetupException e)
        {
            throw new SinkSetupException($"Sink {Name}: Qdrant at {SinkUrls.Redact(options.Endpoint)}: {e.Message}", e);
        }
        catch (RpcException e)
        {
            throw new SinkSetupException($"Sink {Name}: could not set up Qdrant collection '{options.Collection}' at "
                + $"{SinkUrls.Redact(options.Endpoint)}: {e.Status.StatusCode} {e.Status.Detail}", e);
        }

        _points = new QdrantPoints(context.Embedding, MessagePoolBuilder.MeanWordCount(context.Pool), options.IndexMode);
        _logger.LogInformation("Sink {Sink}: Qdrant {Version} collection {Collection} ready ({Created}; index_mode {Mode}; bm25 avg_len {AvgLen})",
            Name, setup.ServerVersion, options.Collection, setup.Created ? "created" : "exists", options.IndexMode.Name(), _points.AverageLength);
    }

    public async Task WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        if (_client is null || _points is null) throw new InvalidOperationException("InitializeAsync was not called.");
        var requests = _remainder.Begin(batch, b => _points.Points(b.Entries.Span).Chunk(options.BatchSize).ToList());
        // Every request runs to its end: one refused does not stop the others, so what was stored is known.
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = options.MaxInFlight, CancellationToken = cancellationToken },
            (chunk, ct) => new ValueTask(UpsertAsync(chunk, ct))).ConfigureAwait(false);

        if (!_remainder.Settle()) ExceptionDispatchInfo.Throw(_remainder.AgainError!);
        if (_remainder.FailedEntries > 0)
            throw new PartialBatchFailureException(_remainder.FailedEntries, $"Qdrant refused {_remainder.FailedEntries} of {batch.Count} points; first: {_remainder.FirstFailure}");
    }

    private async Task UpsertAsync(PointStruct[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            await WithRetriesAsync(c => _client!.UpsertAsync(options.Collection, chunk, options.Wait, cancellationToken: c), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (Transient(e)) _remainder.AddAgain([chunk], e);
            else _remainder.AddFailed(chunk.Length, e is RpcException rpc ? $"{rpc.StatusCode} {rpc.Status.Detail}" : e.Message);
        }
    }

    public bool IsTransient(Exception exception) => Transient(exception);

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static bool Transient(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted } => true,
        { InnerException: { } inner } => Transient(inner),
        _ => false,
    };

    /// <summary>Retries a call while the server says "not now"; past the attempts the pipeline retries the batch.</summary>
    private async Task WithRetriesAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (Transient(e) && attempt < _backoff.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await _backoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
