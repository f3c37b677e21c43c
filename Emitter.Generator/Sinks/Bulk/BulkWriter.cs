using Emitter.Generator.Batching;
using Emitter.Generator.Sinks.Elasticsearch;

namespace Emitter.Generator.Sinks.Bulk;

/// <summary>
/// The <c>_bulk</c> write the Elasticsearch-protocol sinks share: a batch's documents split into
/// requests by bytes (<see cref="ElasticsearchDocuments.Requests"/>), several in flight, and every
/// item read because <c>_bulk</c> answers 200 even when items fail: 429, 5xx and no answer are
/// sent again (only those documents) after a backoff; any other refusal is counted with its
/// reason. Past the attempts the pipeline retries the batch, and only what is still refused is
/// sent (<see cref="BatchRemainder{T}"/>). Ids are entry ids, so a repeat overwrites.
/// </summary>
/// <param name="send">Sends one request; never throws for a server's answer (it is the answer), only when cancelled.</param>
/// <param name="retryable">The sink's transient error, thrown when documents are still refused "not now".</param>
public sealed class BulkWriter(
    string product,
    SinkBackoff backoff,
    int maxBytes,
    int maxInFlight,
    Func<IReadOnlyList<ElasticsearchDocument>, CancellationToken, Task<BulkAnswer>> send,
    Func<string, Exception> retryable)
{
    private readonly BatchRemainder<ElasticsearchDocument> _remainder = new();

    public long Retries => backoff.Retries;

    /// <summary>429, 5xx and no answer at all are worth retrying; anything else the server meant.</summary>
    public static bool Retryable(int? status) => status is null or 429 or >= 500;

    /// <summary>Writes what is left of <paramref name="batch"/>; throws the transient error or <see cref="PartialBatchFailureException"/>.</summary>
    public async Task WriteAsync(Batch batch, Func<Batch, IReadOnlyList<ElasticsearchDocument>> encode, CancellationToken cancellationToken)
    {
        var documents = _remainder.Begin(batch, encode);
        await Parallel.ForEachAsync(ElasticsearchDocuments.Requests(documents, maxBytes),
            new ParallelOptions { MaxDegreeOfParallelism = maxInFlight, CancellationToken = cancellationToken },
            (request, ct) => new ValueTask(SendAsync(request, ct))).ConfigureAwait(false);

        if (!_remainder.Settle())
            throw retryable($"{_remainder.Again.Count} of {batch.Count} documents still refused after {backoff.MaxAttempts} attempts: {_remainder.AgainError!.Message}");
        if (_remainder.FailedEntries > 0)
            throw new PartialBatchFailureException(_remainder.FailedEntries, $"{product} rejected {_remainder.FailedEntries} of {batch.Count} documents; first: {_remainder.FirstFailure}");
    }

    /// <summary>One request; what comes back 429/5xx goes again, alone, after a backoff.</summary>
    private async Task SendAsync(List<ElasticsearchDocument> documents, CancellationToken cancellationToken)
    {
        IReadOnlyList<ElasticsearchDocument> pending = documents;
        for (var attempt = 1; ; attempt++)
        {
            var answer = await send(pending, cancellationToken).ConfigureAwait(false);
            List<ElasticsearchDocument> again = [];
            string? reason = null;
            if (answer.Status is not (>= 200 and < 300) || answer.Items is not { } items || items.Count != pending.Count)
            {
                reason = answer.Reason ?? $"HTTP {answer.Status}";
                if (!Retryable(answer.Status))
                {
                    _remainder.AddFailed(pending.Count, reason);
                    return;
                }
                again = [.. pending];
            }
            else
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i].Stored) continue;
                    if (Retryable(items[i].Status))
                    {
                        again.Add(pending[i]);
                        reason ??= items[i].Describe();
                    }
                    else
                    {
                        _remainder.AddFailed(1, items[i].Describe());
                    }
                }
            }

            if (again.Count == 0) return;
            if (attempt >= backoff.MaxAttempts)
            {
                _remainder.AddAgain(again, retryable(reason!));
                return;
            }
            pending = again;
            await backoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }
}
