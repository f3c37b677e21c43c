namespace Emitter.Generator.Sinks.Elasticsearch;

/// <summary>What the <c>_bulk</c> requests of one batch left undone, gathered from requests running in parallel.</summary>
internal sealed class ElasticsearchBulkOutcome
{
    private int _failed, _retryable;
    private string? _firstFailure, _firstRetryable;

    /// <summary>Documents the server refused for good (mapping, parsing, security): counted, never retried.</summary>
    public int Failed => Volatile.Read(ref _failed);
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>Documents still refused with 429/5xx (or no answer) after every attempt: the batch is worth another go.</summary>
    public int Retryable => Volatile.Read(ref _retryable);
    public string? FirstRetryable => Volatile.Read(ref _firstRetryable);

    public void AddFailed(int documents, string reason)
    {
        Interlocked.Add(ref _failed, documents);
        Interlocked.CompareExchange(ref _firstFailure, reason, null);
    }

    public void AddRetryable(int documents, string reason)
    {
        Interlocked.Add(ref _retryable, documents);
        Interlocked.CompareExchange(ref _firstRetryable, reason, null);
    }
}
