using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>
/// Indexes entries with <c>_bulk</c> through the official client and the <see cref="BulkWriter"/>
/// it shares with the OpenSearch sink: requests sized by bytes, several in flight, every item
/// read (429/5xx the remainder for the pipeline, others failed with the reason), <c>_id</c> = entry id.
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
    private BulkDocuments? _documents;
    private BulkWriter? _writer;

    public override async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        // Before any request: a type the run's dimensions rule out would fail index creation.
        if (options.IndexMode.HasVectors() && ElasticsearchIndexOptions.Problem(options.IndexOptions, context.Embedding.Dimensions) is { } problem)
            throw options.IndexOptionsRefusal(problem);
        if (PlainHttpCredentials.Warning("Elasticsearch", options.Url, options.User, options.ApiKey) is { } plain)
            Logger.LogWarning("Sink {Sink}: {Warning}", Name, plain);
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

        _documents = new BulkDocuments(context.Embedding, options.IndexMode.HasVectors());
        _writer = new BulkWriter("Elasticsearch", options.BulkMaxBytes, options.MaxInFlight, SendAsync);
        Logger.LogInformation("Sink {Sink}: Elasticsearch index {Index} ready ({Created}; index_mode {Mode})", Name, options.Index, setup.Created ? "created" : "exists", options.IndexMode.Name());
    }

    public override Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken) =>
        Initialized(_writer).WriteAsync(batch, Initialized(_documents), cancellationToken);

    private async Task<BulkAnswer> SendAsync(IReadOnlyList<BulkDocument> documents, CancellationToken cancellationToken)
    {
        var operations = new BulkOperationsCollection();
        foreach (var document in documents) operations.Add(new BulkIndexOperation<BulkDocument>(document) { Id = document.Id });
        var response = await Initialized(_client).BulkAsync(new BulkRequest(options.Index) { Operations = operations }, cancellationToken).ConfigureAwait(false);
        if (!response.ApiCallDetails.HasSuccessfulStatusCode || response.Items is null)
            return new BulkAnswer(response.ApiCallDetails.HttpStatusCode, ElasticsearchClients.Describe(response), null);
        return new BulkAnswer(response.ApiCallDetails.HttpStatusCode, null, [.. response.Items.Select(i => new BulkItemAnswer(i.Status, i.Error?.Type, i.Error?.Reason))]);
    }
}
