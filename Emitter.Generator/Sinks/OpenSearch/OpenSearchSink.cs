using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks.Bulk;
using Emitter.Generator.Sinks.Elasticsearch;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.OpenSearch;

/// <summary>
/// Indexes entries into OpenSearch with <c>_bulk</c> over its REST API, with the Elasticsearch
/// sink's guarantees through the same <see cref="BulkWriter"/>: requests sized by bytes, several
/// in flight, every item read (429/5xx sent again, others counted with the reason), <c>_id</c> =
/// entry id so a retry never duplicates. The documents are the Elasticsearch sink's.
/// </summary>
public sealed class OpenSearchSink(string name, OpenSearchSinkOptions options, TimeProvider time, ILoggerFactory loggers)
    : ILogSink, ICountsOwnRetries
{
    private readonly SinkBackoff _backoff = new(time, maxAttempts: 8);
    private readonly ILogger _logger = loggers.CreateLogger<OpenSearchSink>();
    private HttpClient? _http;
    private BulkWriter? _writer;
    private ElasticsearchDocuments? _documents;

    public string Name { get; } = name;
    public long Retries => _backoff.Retries;

    public async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        if (options.SkipCert)
            _logger.LogWarning("Sink {Sink}: skip_cert is set: the TLS certificate of OpenSearch at {Url} is not checked", Name, options.Url);
        _http = OpenSearchHttp.Create(options);
        var rest = new OpenSearchRest(_http, options);
        var setup = new OpenSearchIndexSetup(rest, options, context.Embedding);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (OpenSearchRetryableException e)
            {
                if (attempt >= _backoff.MaxAttempts) throw new SinkSetupException($"Sink {Name}: {e.Message}", e);
                await _backoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (SinkSetupException e)
            {
                throw new SinkSetupException($"Sink {Name}: {e.Message}", e);
            }
        }

        _documents = new ElasticsearchDocuments(context.Embedding, options.IndexMode.HasVectors());
        _writer = new BulkWriter("OpenSearch", _backoff, options.BulkMaxBytes, options.MaxInFlight, rest.BulkAsync, reason => new OpenSearchRetryableException(reason));
        _logger.LogInformation("Sink {Sink}: OpenSearch index {Index} ready ({Created}; index_mode {Mode})",
            Name, options.Index, setup.Created ? "created" : "exists", options.IndexMode.Name());
    }

    public Task WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        if (_writer is null || _documents is null) throw new InvalidOperationException("InitializeAsync was not called.");
        return _writer.WriteAsync(batch, Encode, cancellationToken);
    }

    private List<ElasticsearchDocument> Encode(Batch batch)
    {
        var documents = new List<ElasticsearchDocument>(batch.Count);
        foreach (ref readonly var entry in batch.Entries.Span) documents.Add(_documents!.Encode(entry));
        return documents;
    }

    public bool IsTransient(Exception exception) => exception is OpenSearchRetryableException;

    public ValueTask DisposeAsync()
    {
        _http?.Dispose();
        return ValueTask.CompletedTask;
    }
}
