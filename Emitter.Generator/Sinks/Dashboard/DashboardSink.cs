using System.Text.Json;
using Emitter.Dashboard.Contract;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.Dashboard;

/// <summary>
/// POSTs each batch, without vectors, to the dashboard's /ingest. The dashboard is a live view,
/// not storage: a batch it cannot take within the timeout (down, slow, refusing) is dropped and
/// counted with the reason, never retried, so it never holds the generator back.
/// </summary>
public sealed class DashboardSink : LogSink
{
    private readonly HttpClient _http;
    private readonly Uri _ingest;
    private readonly string _shown; // the address without user information, for logs and the summary
    private readonly TimeSpan _timeout;
    private readonly string? _token;
    private bool _failing;

    public DashboardSink(string name, Uri address, TimeSpan timeout, ILogger logger, string? token = null) : base(name, logger)
    {
        _ingest = new Uri(new Uri(address.AbsoluteUri.TrimEnd('/') + "/"), IngestJson.Path.TrimStart('/'));
        _shown = SinkUrls.Redact(_ingest);
        _timeout = timeout;
        _token = token;
        _http = DashboardPost.Client(timeout);
    }

    /// <summary>Where batches go (the configured address plus /ingest).</summary>
    public Uri IngestUri => _ingest;

    /// <summary>How long a POST may take before its batch is dropped (the bench's live view uses the same).</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>The dashboard's ingest token, if it has one (the bench's live view sends it too).</summary>
    internal string? Token => _token;

    public override SinkKind Kind => SinkKind.LiveView;

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ToContract(batch), IngestJson.Default.IngestBatch);
        if (await DashboardPost.SendAsync(_http, _ingest, _token, body, _timeout, cancellationToken).ConfigureAwait(false) is { } problem) return Failed(problem);
        Recovered();
        return WriteResult.Delivered;
    }

    public override ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static IngestBatch ToContract(Batch batch)
    {
        var source = batch.Entries.Span;
        var entries = new IngestEntry[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            ref readonly var entry = ref source[i];
            entries[i] = new IngestEntry(entry.Id, entry.Timestamp, entry.Service, entry.Level.Name(), entry.Text,
                entry.HasTrace ? TraceIds.Hex(entry.TraceId) : null, entry.HasTrace ? TraceIds.Hex(entry.SpanId) : null);
        }
        return new IngestBatch(batch.Sequence, batch.SealedAt, entries);
    }

    // One log line per outage, not one per batch.
    private WriteResult Failed(string problem)
    {
        if (!_failing) Logger.LogWarning("Sink {Sink}: {Problem}; its entries are dropped (and counted) until it answers", Name, problem);
        _failing = true;
        return WriteResult.Dropped(problem);
    }

    private void Recovered()
    {
        if (_failing) Logger.LogInformation("Sink {Sink}: the dashboard at {Address} answers again", Name, _shown);
        _failing = false;
    }
}
