using HdrHistogram;

namespace Emitter.Generator.Bench.Measurement;

/// <summary>
/// Latencies in microseconds in an HDR histogram (HdrHistogram.NET): constant memory, constant
/// relative precision, whatever the count. Written from many queries at once, hence the lock.
/// </summary>
public sealed class LatencyHistogram(int significantDigits = 3)
{
    /// <summary>An hour: anything longer is recorded as an hour (a query that long has failed in every way that matters).</summary>
    private const long HighestMicros = 3_600_000_000L;

    private readonly Lock _gate = new();
    private readonly LongHistogram _histogram = new(1, HighestMicros, significantDigits);

    public long Count
    {
        get
        {
            lock (_gate) return _histogram.TotalCount;
        }
    }

    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 1, HighestMicros);
        lock (_gate) _histogram.RecordValue(micros);
    }

    /// <summary>How many took <paramref name="threshold"/> or longer (to the histogram's precision).</summary>
    public long CountAtOrAbove(TimeSpan threshold)
    {
        var micros = threshold.Ticks / TimeSpan.TicksPerMicrosecond;
        lock (_gate) return _histogram.RecordedValues().Where(v => v.ValueIteratedTo >= micros).Sum(v => v.CountAtValueIteratedTo);
    }

    /// <summary>Adds every value of <paramref name="other"/> (to merge cells into one figure).</summary>
    public void Add(LatencyHistogram other)
    {
        LongHistogram copy;
        lock (other._gate) copy = (LongHistogram)other._histogram.Copy();
        lock (_gate) _histogram.Add(copy);
    }

    /// <summary>
    /// Whether the value at <paramref name="percentile"/> of <paramref name="total"/> values is one
    /// of the censored ones, when the top <paramref name="total"/> - <paramref name="uncensored"/>
    /// values are censored (recorded at the timeout, the largest value a query can report): the
    /// rank HdrHistogram reads the percentile at (ceil(p/100 x total), at least 1) lies among them.
    /// </summary>
    public static bool Censored(long total, long uncensored, double percentile) =>
        total > uncensored && Math.Max(1, (long)Math.Ceiling(percentile / 100 * total)) > uncensored;

    public LatencySnapshot Snapshot()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0) return LatencySnapshot.Empty;
            return new LatencySnapshot(
                _histogram.TotalCount,
                Ms(_histogram.GetValueAtPercentile(50)),
                Ms(_histogram.GetValueAtPercentile(90)),
                Ms(_histogram.GetValueAtPercentile(95)),
                Ms(_histogram.GetValueAtPercentile(99)),
                Ms(_histogram.GetMaxValue()));
        }
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}

/// <summary>Percentiles in milliseconds (HDR-rounded to 3 significant digits).</summary>
public sealed record LatencySnapshot(long Count, double P50Ms, double P90Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySnapshot Empty = new(0, 0, 0, 0, 0, 0);
}
