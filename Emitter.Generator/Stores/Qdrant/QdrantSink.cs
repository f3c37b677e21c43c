using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>
/// Upserts entries into a Qdrant collection over gRPC with the official client: each batch is
/// split into requests of <see cref="QdrantSinkOptions.BatchSize"/> points, several in flight,
/// each sent once per write. Point ids are entry ids, so a repeat never duplicates. A request
/// refused for good fails its own points only; those answered "not now" (Unavailable,
/// DeadlineExceeded, ResourceExhausted) are the write's remainder, which the pipeline sends again.
/// </summary>
public sealed class QdrantSink(string name, QdrantSinkOptions options, TimeProvider time, ILoggerFactory loggers)
    : LogSink(name, "Qdrant", loggers, time)
{
    private QdrantClient? _client;
    private QdrantPoints? _points;

    public override async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        // The client's own logger would report every retried failure as an error: ours reports outcomes.
        _client = new QdrantClient(options.Endpoint, options.ApiKey, options.Timeout);
        var setup = new QdrantCollectionSetup(_client, options.Collection, context.Embedding, options.IndexMode);
        var server = $"Qdrant at {SinkUrls.Redact(options.Endpoint)}";
        try
        {
            await SetupAsync(server, setup.EnsureAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (SinkSetupException e) when (!e.Message.StartsWith($"Sink {Name}:", StringComparison.Ordinal))
        {
            throw new SinkSetupException($"Sink {Name}: {server}: {e.Message}", e);
        }
        catch (RpcException e)
        {
            throw new SinkSetupException($"Sink {Name}: could not set up Qdrant collection '{options.Collection}' at "
                + $"{SinkUrls.Redact(options.Endpoint)}: {e.Status.StatusCode} {e.Status.Detail}", e);
        }

        _points = new QdrantPoints(context.Embedding, MessagePoolBuilder.MeanWordCount(context.Pool), options.IndexMode);
        Logger.LogInformation("Sink {Sink}: Qdrant {Version} collection {Collection} ready ({Created}; index_mode {Mode}; bm25 avg_len {AvgLen})",
            Name, setup.ServerVersion, options.Collection, setup.Created ? "created" : "exists", options.IndexMode.Name(), _points.AverageLength);
    }

    private const string CutShort = "cut short: the grace period ended before Qdrant answered";

    public override async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var client = Initialized(_client);
        var requests = Initialized(_points).Points(batch.Entries.Span).Chunk(options.BatchSize).ToArray();
        var outcomes = new Exception?[requests.Length];
        var answered = new bool[requests.Length];
        // Every request runs to its end: one refused does not stop the others, so what was stored is known.
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, requests.Length),
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxInFlight, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    try
                    {
                        await client.UpsertAsync(options.Collection, requests[i], options.Wait, cancellationToken: ct).ConfigureAwait(false);
                        answered[i] = true;
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        outcomes[i] = e;
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The grace period ended: the requests answered keep their outcome; those cut short or never sent are the remainder below.
        }

        var failed = 0;
        string? firstFailure = null;
        List<int>? again = null;
        Exception? againError = null;
        for (var i = 0; i < requests.Length; i++)
        {
            var first = i * options.BatchSize;
            if (outcomes[i] is not { } e)
            {
                if (!answered[i]) (again ??= []).AddRange(Enumerable.Range(first, requests[i].Length));
                continue;
            }
            if (IsTransient(e))
            {
                (again ??= []).AddRange(Enumerable.Range(first, requests[i].Length));
                againError ??= e;
            }
            else
            {
                failed += requests[i].Length;
                firstFailure ??= Describe(e);
            }
        }

        var left = again is null ? null : WriteResult.Retry(batch.Subset(again), againError is null ? CutShort : Describe(againError));
        return failed > 0
            ? WriteResult.PartlyFailed(failed, $"Qdrant refused {failed} of {batch.Count} points; first: {firstFailure}", left)
            : left ?? WriteResult.Delivered;
    }

    public override ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override bool IsTransient(Exception exception) => Transient(exception);

    internal static bool Transient(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted } => true,
        // The client's HTTP layer failed before any answer: Grpc.Net.Client makes that Internal when no
        // socket or IO error is in the chain (src/Shared/HttpExceptionResolver.cs), as for a server that
        // sends GOAWAY as the connection opens, or a new connection that shuts down before its first
        // stream (SocketsHttpHandler's HttpConnectionPool: "did not complete the HTTP/2 handshake"): a
        // restarting server, or a proxy in front of one. Upserts by id make the retry harmless. A peer
        // that speaks no HTTP/2 (the REST port) can end the same ways, so it is retried too, until the
        // retries give up with this reason.
        RpcException { StatusCode: StatusCode.Internal, Status.DebugException: HttpRequestException } => true,
        { InnerException: { } inner } => Transient(inner),
        _ => false,
    };

    protected override string Reason(Exception exception) => Describe(exception);

    private static string Describe(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode} {rpc.Status.Detail}" : e.Message;
}
