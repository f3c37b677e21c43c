using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Emitter.Generator.Configuration;
using Emitter.Generator.Batching;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.Elasticsearch;

/// <summary>
/// Indexes entries with <c>_bulk</c> through the official client: requests sized by bytes,
/// several in flight, <c>_id</c> = entry id so a repeat overwrites. <c>_bulk</c> answers 200
/// even when items fail, so every item is read: 429 and 5xx items are sent again after a
/// backoff; any other refusal is counted with its reason (<see cref="PartialBatchFailureException"/>).
/// Past the sink's attempts the pipeline retries the batch, sending only the documents still
/// refused (<see cref="BatchRemainder{T}"/>).
/// </summary>
public sealed class ElasticsearchSink(string name, ElasticsearchSinkOptions options, TimeProvider time, ILoggerFactory loggers)
    : ILogSink, ICountsOwnRetries
{
    private readonly SinkBackoff _backoff = new(time, maxAttempts: 8);
    private readonly BatchRemainder<ElasticsearchDocument> _remainder = new();
    private readonly ILogger _logger = loggers.CreateLogger<ElasticsearchSink>();
    private ElasticsearchClient? _client;
    private ElasticsearchDocuments? _documents;

    public string Name { get; } = name;
    public long Retries => _backoff.Retries;

    public async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        // Before any request: a type the run's dimensions rule out would fail index creation.
        if (options.IndexMode.HasVectors() && ElasticsearchIndexOptions.Problem(options.IndexOptions, context.Embedding.Dimensions) is { } problem)
            throw options.IndexOptionsRefusal(problem);
        _client = ElasticsearchClients.Create(options);
        var setup = new ElasticsearchIndexSetup(_client, options, context.Embedding);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (ElasticsearchRetryableException e)
            {
                if (attempt >= _backoff.MaxAttempts) throw new SinkSetupException($"Sink {Name}: {e.Message}", e);
                await _backoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (SinkSetupException e)
            {
                throw new SinkSetupException($"Sink {Name}: {e.Message}", e);
            }
            catch (Elastic.Transport.TransportException e)
            {
                // For example a server that is not Elasticsearch (the client checks X-Elastic-Product).
                throw new SinkSetupException($"Sink {Name}: Elasticsearch at {options.Url}: {e.Message}", e);
            }
        }

        _documents = new ElasticsearchDocuments(context.Embedding, options.IndexMode.HasVectors());
        _logger.LogInformation("Sink {Sink}: Elasticsearch index {Index} ready ({Created}; index_mode {Mode})", Name, options.Index, setup.Created ? "created" : "exists", options.IndexMode.Name());
    }

    public async Task WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        if (_client is null || _documents is null) throw new InvalidOperationException("InitializeAsync was not called.");
        var documents = _remainder.Begin(batch, Encode);

        await Parallel.ForEachAsync(ElasticsearchDocuments.Requests(documents, options.BulkMaxBytes),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxInFlight, CancellationToken = cancellationToken },
            (request, ct) => new ValueTask(SendAsync(request, ct))).ConfigureAwait(false);

        if (!_remainder.Settle())
            throw new ElasticsearchRetryableException($"{_remainder.Again.Count} of {batch.Count} documents still refused after {_backoff.MaxAttempts} attempts: {_remainder.AgainError!.Message}");
        if (_remainder.FailedEntries > 0)
            throw new PartialBatchFailureException(_remainder.FailedEntries, $"Elasticsearch rejected {_remainder.FailedEntries} of {batch.Count} documents; first: {_remainder.FirstFailure}");
    }

    private List<ElasticsearchDocument> Encode(Batch batch)
    {
        var documents = new List<ElasticsearchDocument>(batch.Count);
        foreach (ref readonly var entry in batch.Entries.Span) documents.Add(_documents!.Encode(entry));
        return documents;
    }

    public bool IsTransient(Exception exception) => exception is ElasticsearchRetryableException;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One <c>_bulk</c> body; what comes back 429/5xx goes again, alone, after a backoff.</summary>
    private async Task SendAsync(List<ElasticsearchDocument> documents, CancellationToken cancellationToken)
    {
        var pending = documents;
        for (var attempt = 1; ; attempt++)
        {
            var response = await _client!.BulkAsync(Request(pending), cancellationToken).ConfigureAwait(false);
            var items = response.Items?.ToList() ?? [];
            List<ElasticsearchDocument> again = [];
            string? reason = null;
            if (!response.ApiCallDetails.HasSuccessfulStatusCode || items.Count != pending.Count)
            {
                reason = ElasticsearchClients.Describe(response);
                if (!ElasticsearchClients.Retryable(response.ApiCallDetails.HttpStatusCode))
                {
                    _remainder.AddFailed(pending.Count, reason);
                    return;
                }
                again = pending;
            }
            else
            {
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    if (item.Status is >= 200 and < 300) continue;
                    var itemReason = $"{item.Status} {item.Error?.Type}: {item.Error?.Reason}";
                    if (ElasticsearchClients.Retryable(item.Status))
                    {
                        again.Add(pending[i]);
                        reason ??= itemReason;
                    }
                    else
                    {
                        _remainder.AddFailed(1, itemReason);
                    }
                }
            }

            if (again.Count == 0) return;
            if (attempt >= _backoff.MaxAttempts)
            {
                _remainder.AddAgain(again, new ElasticsearchRetryableException(reason!));
                return;
            }
            pending = again;
            await _backoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private BulkRequest Request(List<ElasticsearchDocument> documents)
    {
        var operations = new BulkOperationsCollection();
        foreach (var document in documents) operations.Add(new BulkIndexOperation<ElasticsearchDocument>(document) { Id = document.Id });
        return new BulkRequest(options.Index) { Operations = operations };
    }
}
