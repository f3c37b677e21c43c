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
/// counted with the reason, never retried, so it never holds the generator back. A batch whose
/// JSON is over the dashboard's body cap (413) goes in parts under it, one POST each; when a part
/// is not taken, it and the parts after it are dropped and the parts before it count delivered.
/// </summary>
public sealed class DashboardSink : LogSink
{
    private readonly HttpClient _http;
    private readonly Uri _ingest;
    private readonly string _shown; // the address without user information, for logs and the summary
    private readonly TimeSpan _timeout;
    private readonly string? _token;
    private readonly int _maxBodyBytes;
    private bool _failing;

    public DashboardSink(string name, Uri address, TimeSpan timeout, ILogger logger, string? token = null, int maxBodyBytes = IngestJson.DefaultMaxBytes) : base(name, logger)
    {
        _maxBodyBytes = maxBodyBytes;
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
        var contract = ToContract(batch);
        var posted = 0;
        foreach (var (body, count) in Parts(contract, JsonSerializer.SerializeToUtf8Bytes(contract, IngestJson.Default.IngestBatch)))
        {
            var problem = body is null
                ? $"one entry's JSON is over the dashboard's body cap of {_maxBodyBytes:N0} bytes (max_body_bytes)"
                : await DashboardPost.SendAsync(_http, _ingest, _token, body, _timeout, cancellationToken).ConfigureAwait(false);
            if (problem is not null) return Failed(problem, contract.Entries.Count - posted);
            posted += count;
        }
        Recovered();
        return WriteResult.Delivered;
    }

    /// <summary>
    /// Bodies of at most the cap for <paramref name="batch"/>'s entries, in order, with their counts,
    /// made as they are sent (not all at once): a part over the cap is halved until each fits. A
    /// body of null: one entry alone is over the cap.
    /// </summary>
    private IEnumerable<(byte[]? Body, int Count)> Parts(IngestBatch batch, byte[] body)
    {
        var count = batch.Entries.Count;
        if (body.Length <= _maxBodyBytes || count == 1)
        {
            yield return (body.Length <= _maxBodyBytes ? body : null, count);
            yield break;
        }
        foreach (var half in new[] { batch.Entries.Take(count / 2), batch.Entries.Skip(count / 2) })
        {
            var part = batch with { Entries = [.. half] };
            foreach (var piece in Parts(part, JsonSerializer.SerializeToUtf8Bytes(part, IngestJson.Default.IngestBatch))) yield return piece;
        }
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
    private WriteResult Failed(string problem, int dropped)
    {
        if (!_failing) Logger.LogWarning("Sink {Sink}: {Problem}; its entries are dropped (and counted) until it answers", Name, problem);
        _failing = true;
        return WriteResult.Dropped(problem, dropped);
    }

    private void Recovered()
    {
        if (_failing) Logger.LogInformation("Sink {Sink}: the dashboard at {Address} answers again", Name, _shown);
        _failing = false;
    }
}
