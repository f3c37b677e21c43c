using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Bulk;

/// <summary>
/// The <c>_bulk</c> write the Elasticsearch and OpenSearch sinks share (the same protocol, two
/// clients): a batch's documents split into requests by bytes (<see cref="BulkDocuments.Requests"/>),
/// several in flight, each sent once per write, <c>_id</c> = entry id so a repeat overwrites.
/// <c>_bulk</c> answers 200 even when items fail, so every item is read: 429 and 5xx items (or a
/// whole request answered so, or not answered) are the write's remainder, which the pipeline
/// sends again; any other refusal is counted failed with its reason.
/// </summary>
/// <param name="send">Sends one request; a server's refusal is its answer, not an exception.</param>
public sealed class BulkWriter(string product, int maxBytes, int maxInFlight, Func<IReadOnlyList<BulkDocument>, CancellationToken, Task<BulkAnswer>> send)
{
    /// <summary>429, 5xx and no answer at all are worth retrying; anything else the server meant.</summary>
    public static bool Retryable(int? status) => status is null or 429 or >= 500;

    public async Task<WriteResult> WriteAsync(Batch batch, BulkDocuments encoder, CancellationToken cancellationToken)
    {
        var documents = new List<BulkDocument>(batch.Count);
        foreach (ref readonly var entry in batch.Entries.Span) documents.Add(encoder.Encode(entry));
        var index = new Dictionary<BulkDocument, int>(documents.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < documents.Count; i++) index[documents[i]] = i;

        var outcome = new BulkOutcome();
        try
        {
            await Parallel.ForEachAsync(BulkDocuments.Requests(documents, maxBytes),
                new ParallelOptions { MaxDegreeOfParallelism = maxInFlight, CancellationToken = cancellationToken },
                async (request, ct) => outcome.Add(request, await send(request, ct).ConfigureAwait(false))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The grace period ended: requests answered keep their items' outcomes; the documents of
            // those cut short or never sent are left over (the pipeline counts them failed, not stored).
            outcome.CutShort(documents);
        }

        var left = outcome.Again.Count == 0 ? null
            : WriteResult.Retry(batch.Subset(outcome.Again.Select(d => index[d]).Order()), $"{outcome.Again.Count} of {batch.Count} documents: {outcome.AgainReason}");
        return outcome.Failed > 0
            ? WriteResult.PartlyFailed(outcome.Failed, $"{product} rejected {outcome.Failed} of {batch.Count} documents; first: {outcome.FirstFailure}", left)
            : left ?? WriteResult.Delivered;
    }

    /// <summary>What the <c>_bulk</c> answers of one write said, item by item (requests answer in parallel).</summary>
    private sealed class BulkOutcome
    {
        private readonly Lock _gate = new();
        private readonly HashSet<BulkDocument> _answered = new(ReferenceEqualityComparer.Instance);
        public List<BulkDocument> Again { get; } = [];
        public string? AgainReason { get; private set; }
        public int Failed { get; private set; }
        public string? FirstFailure { get; private set; }

        public void Add(List<BulkDocument> sent, BulkAnswer answer)
        {
            lock (_gate)
            {
                _answered.UnionWith(sent);
                if (answer.Status is not (>= 200 and < 300) || answer.Items is not { } items || items.Count != sent.Count)
                {
                    var reason = answer.Reason ?? (answer.Status is { } status ? $"HTTP {status}" : "no answer");
                    if (Retryable(answer.Status)) Retry(sent, reason);
                    else Fail(sent.Count, reason);
                    return;
                }
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i].Stored) continue;
                    if (Retryable(items[i].Status)) Retry([sent[i]], items[i].Describe());
                    else Fail(1, items[i].Describe());
                }
            }
        }

        /// <summary>Every document no answer covered goes again (or, past the deadline, is counted failed by the pipeline).</summary>
        public void CutShort(IEnumerable<BulkDocument> documents)
        {
            lock (_gate)
            {
                var unanswered = documents.Where(d => !_answered.Contains(d)).ToList();
                if (unanswered.Count > 0) Retry(unanswered, "cut short: the grace period ended before the request was answered");
            }
        }

        private void Retry(IEnumerable<BulkDocument> documents, string reason)
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
