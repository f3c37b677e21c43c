using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Bulk;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>
/// Indexes entries into OpenSearch with <c>_bulk</c> over its REST API, with the Elasticsearch
/// sink's guarantees through the same <see cref="BulkWriter"/>: requests sized by bytes, several
/// in flight, every item read (429/5xx the remainder the pipeline sends again, others failed
/// with the reason), <c>_id</c> = entry id so a retry never duplicates. The documents are the
/// Elasticsearch sink's.
/// </summary>
public sealed class OpenSearchSink(string name, OpenSearchSinkOptions options, TimeProvider time, ILoggerFactory loggers)
    : LogSink(name, "OpenSearch", loggers, time)
{
    private HttpClient? _http;
    private BulkWriter? _writer;
    private BulkDocuments? _documents;

    public override async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        if (options.SkipCert)
            Logger.LogWarning("Sink {Sink}: skip_cert is set: the TLS certificate of OpenSearch at {Url} is not checked", Name, options.Url);
        if (PlainHttpCredentials.Warning("OpenSearch", options.Url, options.User, apiKey: null) is { } plain)
            Logger.LogWarning("Sink {Sink}: {Warning}", Name, plain);
        _http = OpenSearchHttp.Create(options);
        var rest = new OpenSearchRest(_http, options);
        var setup = new OpenSearchIndexSetup(rest, options, context.Embedding);
        var server = $"OpenSearch at {options.Url}";
        try
        {
            await SetupAsync(server, setup.EnsureAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (SinkSetupException e) when (!e.Message.StartsWith($"Sink {Name}:", StringComparison.Ordinal))
        {
            throw new SinkSetupException($"Sink {Name}: {e.Message}", e);
        }

        _documents = new BulkDocuments(context.Embedding, options.IndexMode.HasVectors());
        _writer = new BulkWriter("OpenSearch", options.BulkMaxBytes, options.MaxInFlight, rest.BulkAsync);
        Logger.LogInformation("Sink {Sink}: OpenSearch index {Index} ready ({Created}; index_mode {Mode})",
            Name, options.Index, setup.Created ? "created" : "exists", options.IndexMode.Name());
    }

    public override Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken) =>
        Initialized(_writer).WriteAsync(batch, Initialized(_documents), cancellationToken);

    public override ValueTask DisposeAsync()
    {
        _http?.Dispose();
        return ValueTask.CompletedTask;
    }
}
