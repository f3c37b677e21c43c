using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Emitter.Generator.Batching;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.Elasticsearch;

/// <summary>
/// Indexes entries with <c>_bulk</c> through the official client: requests sized by bytes,
/// several in flight, each sent once per write, <c>_id</c> = entry id so a repeat overwrites.
/// <c>_bulk</c> answers 200 even when items fail, so every item is read: 429 and 5xx items (or
/// a whole request answered so) are the write's remainder, which the pipeline sends again; any
/// other refusal is counted failed with its reason.
/// A remainder carries no Retry-After, on purpose: Elasticsearch sends none. A rejection is an
/// <c>EsRejectedExecutionException</c> (server/src/main/java/org/elasticsearch/common/util/concurrent/EsRejectedExecutionException.java),
/// a plain <c>RejectedExecutionException</c>, not an <c>ElasticsearchException</c>; ExceptionsHelper.status maps
/// it to 429, and server/src/main/java/org/elasticsearch/rest/RestResponse.java copies HTTP headers only from an
/// <c>ElasticsearchException</c>'s own, so a whole-request 429 has none; a rejected item is a 429 inside a 200 body.
/// The pipeline's backoff paces the retry instead.
/// </summary>
public sealed class ElasticsearchSink(string name, ElasticsearchSinkOptions options, TimeProvider time, ILoggerFactory loggers)
    : LogSink(name, "Elasticsearch", loggers, time)
{
    private ElasticsearchClient? _client;
    private ElasticsearchDocuments? _documents;

    public override async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        // Before any request: a type the run's dimensions rule out would fail index creation.
        if (ElasticsearchIndexOptions.Problem(options.IndexOptions, context.Embedding.Dimensions) is { } problem)
            throw options.IndexOptionsRefusal(problem);
        _client = ElasticsearchClients.Create(options);
        var setup = new ElasticsearchIndexSetup(_client, options, context.Embedding);
        try
        {
            await SetupAsync($"Elasticsearch at {options.Url}", setup.EnsureAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (SinkSetupException e) when (!e.Message.StartsWith($"Sink {Name}:", StringComparison.Ordinal))
        {
            throw new SinkSetupException($"Sink {Name}: {e.Message}", e);
        }
        catch (Elastic.Transport.TransportException e)
        {
            // For example a server that is not Elasticsearch (the client checks X-Elastic-Product).
            throw new SinkSetupException($"Sink {Name}: Elasticsearch at {options.Url}: {e.Message}", e);
        }

        _documents = new ElasticsearchDocuments(context.Embedding);
        Logger.LogInformation("Sink {Sink}: Elasticsearch index {Index} ready ({Created})", Name, options.Index, setup.Created ? "created" : "exists");
    }

    public override async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var client = Initialized(_client);
        var encoder = Initialized(_documents);
        var documents = new List<ElasticsearchDocument>(batch.Count);
        foreach (ref readonly var entry in batch.Entries.Span) documents.Add(encoder.Encode(entry));
        var index = new Dictionary<ElasticsearchDocument, int>(documents.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < documents.Count; i++) index[documents[i]] = i;

        var outcome = new BulkOutcome();
        await Parallel.ForEachAsync(ElasticsearchDocuments.Requests(documents, options.BulkMaxBytes),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxInFlight, CancellationToken = cancellationToken },
            async (request, ct) => outcome.Add(request, await client.BulkAsync(Request(request), ct).ConfigureAwait(false))).ConfigureAwait(false);

        var left = outcome.Again.Count == 0 ? null
            : WriteResult.Retry(batch.Subset(outcome.Again.Select(d => index[d]).Order()), $"{outcome.Again.Count} of {batch.Count} documents: {outcome.AgainReason}");
        return outcome.Failed > 0
            ? WriteResult.PartlyFailed(outcome.Failed, $"Elasticsearch rejected {outcome.Failed} of {batch.Count} documents; first: {outcome.FirstFailure}", left)
            : left ?? WriteResult.Delivered;
    }

    private BulkRequest Request(List<ElasticsearchDocument> documents)
    {
        var operations = new BulkOperationsCollection();
        foreach (var document in documents) operations.Add(new BulkIndexOperation<ElasticsearchDocument>(document) { Id = document.Id });
        return new BulkRequest(options.Index) { Operations = operations };
    }

    /// <summary>What the <c>_bulk</c> answers of one write said, item by item (requests answer in parallel).</summary>
    private sealed class BulkOutcome
    {
        private readonly Lock _gate = new();
        public List<ElasticsearchDocument> Again { get; } = [];
        public string? AgainReason { get; private set; }
        public int Failed { get; private set; }
        public string? FirstFailure { get; private set; }

        public void Add(List<ElasticsearchDocument> sent, BulkResponse response)
        {
            var items = response.Items?.ToList() ?? [];
            lock (_gate)
            {
                if (!response.ApiCallDetails.HasSuccessfulStatusCode || items.Count != sent.Count)
                {
                    var reason = ElasticsearchClients.Describe(response);
                    if (ElasticsearchClients.Retryable(response.ApiCallDetails.HttpStatusCode)) Retry(sent, reason);
                    else Fail(sent.Count, reason);
                    return;
                }
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    if (item.Status is >= 200 and < 300) continue;
                    var reason = $"{item.Status} {item.Error?.Type}: {item.Error?.Reason}";
                    if (ElasticsearchClients.Retryable(item.Status)) Retry([sent[i]], reason);
                    else Fail(1, reason);
                }
            }
        }

        private void Retry(IEnumerable<ElasticsearchDocument> documents, string reason)
        {
            Again.AddRange(documents);
            AgainReason ??= reason;
        }

        private void Fail(int documents, string reason)
        {
            Failed += documents;
            FirstFailure ??= reason;
        }
    }
}
