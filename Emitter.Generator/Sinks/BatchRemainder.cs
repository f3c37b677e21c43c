using Emitter.Generator.Batching;

namespace Emitter.Generator.Sinks;

/// <summary>
/// What a sink has left to write of one batch, kept across the pipeline's retries of it (the
/// pipeline retries the same <see cref="Batch"/> object, one write at a time per sink). Parts
/// already stored or refused for good are not sent again, and the refused are counted once: a
/// retry sends only what is left, and <c>failed</c> is exact, not the whole batch.
/// </summary>
/// <typeparam name="T">What the sink sends: a request's worth of points, or one document.</typeparam>
public sealed class BatchRemainder<T>
{
    private readonly Lock _gate = new();
    private Batch? _batch;
    private IReadOnlyList<T> _left = [];
    private List<T> _again = [];
    private Exception? _againError;
    private int _failed;
    private string? _firstFailure;

    /// <summary>Entries refused for good so far, over every attempt at this batch.</summary>
    public int FailedEntries => _failed;
    public string? FirstFailure => _firstFailure;

    /// <summary>Parts still answered "not now" by the last attempt, and the first such answer.</summary>
    public IReadOnlyList<T> Again => _again;
    public Exception? AgainError => _againError;

    /// <summary>What to send now: all of a batch seen for the first time, or what the last attempt at it left.</summary>
    public IReadOnlyList<T> Begin(Batch batch, Func<Batch, IReadOnlyList<T>> split)
    {
        if (!ReferenceEquals(batch, _batch))
        {
            _batch = batch;
            _left = split(batch);
            (_failed, _firstFailure) = (0, null);
        }
        (_again, _againError) = ([], null);
        return _left;
    }

    /// <summary>Entries refused for good (mapping, bad argument): counted, never sent again.</summary>
    public void AddFailed(int entries, string reason)
    {
        lock (_gate)
        {
            _failed += entries;
            _firstFailure ??= reason;
        }
    }

    /// <summary>Parts still refused with "not now" after the sink's own retries: the pipeline's retry of the batch sends them.</summary>
    public void AddAgain(IEnumerable<T> parts, Exception error)
    {
        lock (_gate)
        {
            _again.AddRange(parts);
            _againError ??= error;
        }
    }

    /// <summary>
    /// After an attempt: false if parts are left for the pipeline's retry (the sink throws its
    /// transient error); true when the batch is settled (the sink reports <see cref="FailedEntries"/>).
    /// </summary>
    public bool Settle()
    {
        if (_again.Count > 0)
        {
            _left = _again;
            return false;
        }
        _batch = null;
        return true;
    }
}
