namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// <c>max_rate</c>: records per second on average (a bucket one second deep that a batch may take
/// into debt), so a receiver meant for people (the Aspire dashboard) is not flooded; what is over
/// is dropped and counted by the pipeline, never queued (that would hold the generator back).
/// </summary>
internal sealed class OtlpRateLimit(int perSecond, TimeProvider time)
{
    private double _allowance = perSecond;
    private long _last = time.GetTimestamp();

    public bool TryTake(int records)
    {
        var now = time.GetTimestamp();
        _allowance = Math.Min(perSecond, _allowance + time.GetElapsedTime(_last, now).TotalSeconds * perSecond);
        _last = now;
        if (_allowance <= 0) return false;
        _allowance -= records;
        return true;
    }
}
