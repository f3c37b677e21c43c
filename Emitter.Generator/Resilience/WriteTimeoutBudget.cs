namespace Emitter.Generator.Resilience;

/// <summary>
/// How often a store's write of one batch may time out before it is failed instead of retried
/// (<see cref="RetryPolicies.WriteTimeouts"/> makes one): the write profile retries a remainder
/// for as long as the grace period allows, so a write that outlasts its timeout would otherwise
/// be rolled back and sent again identically forever. One per sink: a sink writes one batch at a
/// time, and a batch's remainders keep its sequence, so its timeouts are counted until the next batch.
/// </summary>
public sealed class WriteTimeoutBudget(int attempts)
{
    private long _sequence;
    private int _timeouts;

    /// <summary>Timeouts a batch may have in all; its last one fails it.</summary>
    public int Attempts { get; } = attempts;

    /// <summary>
    /// Which failures of this attempt at batch <paramref name="sequence"/> are worth retrying:
    /// what <paramref name="isTransient"/> says, except that a timeout (<paramref name="isTimeout"/>)
    /// on the batch's last allowed try fails it for good, as any other refusal would.
    /// </summary>
    public Func<Exception, bool> Transience(long sequence, Func<Exception, bool> isTransient, Func<Exception, bool> isTimeout)
    {
        if (sequence != _sequence) (_sequence, _timeouts) = (sequence, 0);
        var lastTry = _timeouts >= Attempts - 1;
        return e => isTransient(e) && !(lastTry && isTimeout(e));
    }

    /// <summary>After an attempt at the batch of the last <see cref="Transience"/>: whether any of it timed out.</summary>
    public void Ended(bool timedOut)
    {
        if (timedOut) _timeouts++;
    }
}
