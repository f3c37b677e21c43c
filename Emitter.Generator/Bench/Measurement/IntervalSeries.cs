namespace Emitter.Generator.Bench.Measurement;

/// <summary>Events counted per interval of the run (failed queries), for the chart's errors panel.</summary>
public sealed class CountSeries(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, long> _buckets = [];

    public void Record(TimeSpan at)
    {
        var bucket = Math.Max(0, at.Ticks / interval.Ticks);
        lock (_gate) _buckets[bucket] = _buckets.GetValueOrDefault(bucket) + 1;
    }

    /// <summary>(middle of the interval in seconds since the phases began, count), in time order.</summary>
    public IReadOnlyList<(double AtSecs, long Count)> Points()
    {
        lock (_gate) return _buckets.Select(kv => ((kv.Key + 0.5) * interval.TotalSeconds, kv.Value)).ToList();
    }
}

/// <summary>A mean per interval (recall@k of the needle queries asked in it), for the chart's relevance panel.</summary>
public sealed class MeanSeries(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, (double Sum, long Count)> _buckets = [];

    public void Record(TimeSpan at, double value)
    {
        var bucket = Math.Max(0, at.Ticks / interval.Ticks);
        lock (_gate)
        {
            var (sum, count) = _buckets.GetValueOrDefault(bucket);
            _buckets[bucket] = (sum + value, count + 1);
        }
    }

    public IReadOnlyList<(double AtSecs, long Count, double Mean)> Points()
    {
        lock (_gate) return _buckets.Select(kv => ((kv.Key + 0.5) * interval.TotalSeconds, kv.Value.Count, kv.Value.Sum / kv.Value.Count)).ToList();
    }
}

/// <summary>
/// The queries of the last progress interval (the terminal's 10-second line): a histogram and an
/// error count that <see cref="Take"/> hands over and starts afresh.
/// </summary>
public sealed class RecentQueries
{
    private readonly Lock _gate = new();
    private LatencyHistogram _latency = new(significantDigits: 2);
    private long _errors;

    public void Record(TimeSpan latency)
    {
        LatencyHistogram current;
        lock (_gate) current = _latency;
        current.Record(latency);
    }

    public void Fail() => Interlocked.Increment(ref _errors);

    public (LatencySnapshot Latency, long Errors) Take()
    {
        LatencyHistogram taken;
        lock (_gate) (taken, _latency) = (_latency, new LatencyHistogram(significantDigits: 2));
        return (taken.Snapshot(), Interlocked.Exchange(ref _errors, 0));
    }
}
