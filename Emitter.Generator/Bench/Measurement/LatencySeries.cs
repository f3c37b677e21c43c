namespace Emitter.Generator.Bench.Measurement;

/// <summary>
/// Latency percentiles per interval of the run, for the chart: one coarse histogram (2
/// significant digits, enough to draw) per interval that saw a measurement.
/// </summary>
public sealed class LatencySeries(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, LatencyHistogram> _buckets = [];

    public TimeSpan Interval { get; } = interval;

    /// <param name="at">Time since the phases began (the scheduled time for a query).</param>
    public void Record(TimeSpan at, TimeSpan latency)
    {
        var bucket = Math.Max(0, at.Ticks / Interval.Ticks);
        LatencyHistogram histogram;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(bucket, out histogram!)) _buckets[bucket] = histogram = new LatencyHistogram(significantDigits: 2);
        }
        histogram.Record(latency);
    }

    /// <summary>(middle of the interval in seconds since the phases began, its percentiles), in time order.</summary>
    public IReadOnlyList<SeriesPoint> Points()
    {
        lock (_gate)
        {
            return _buckets.Select(kv => new SeriesPoint((kv.Key + 0.5) * Interval.TotalSeconds, kv.Value.Snapshot()) { Encoded = kv.Value.Encode() }).ToList();
        }
    }
}

public sealed record SeriesPoint(double AtSecs, LatencySnapshot Latency)
{
    /// <summary>The interval's histogram (<see cref="LatencyHistogram.Encode"/>), so a chart can merge intervals exactly.</summary>
    public string? Encoded { get; init; }
}
