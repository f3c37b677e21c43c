namespace Emitter.Generator.Bench.Measurement;

/// <summary>One phase's queries to one store in one mode: latencies, errors and the first reason.</summary>
public sealed class QueryCell
{
    private long _errors;
    private string? _firstError;

    public LatencyHistogram Latency { get; } = new();
    public long Errors => Interlocked.Read(ref _errors);
    public string? FirstError => Volatile.Read(ref _firstError);

    public void Fail(string reason)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, reason, null);
    }
}

/// <summary>One phase's freshness markers in one store and mode: write-to-searchable latencies and the markers never found.</summary>
public sealed class FreshnessCell
{
    private long _missing;

    public LatencyHistogram Latency { get; } = new();
    public long Missing => Interlocked.Read(ref _missing);
    public void Miss() => Interlocked.Increment(ref _missing);
}

/// <summary>One phase's needle queries in one store and mode: recall@k and reciprocal rank, summed.</summary>
public sealed class RelevanceCell
{
    private readonly Lock _gate = new();
    private double _recall, _reciprocalRank;
    private long _count;

    public void Add(double recall, double reciprocalRank)
    {
        lock (_gate)
        {
            _recall += recall;
            _reciprocalRank += reciprocalRank;
            _count++;
        }
    }

    /// <summary>Mean recall@k and MRR, or nulls when no needle was asked for.</summary>
    public (double? Recall, double? Mrr, long Count) Means()
    {
        lock (_gate) return _count == 0 ? (null, null, 0) : (Math.Round(_recall / _count, 4), Math.Round(_reciprocalRank / _count, 4), _count);
    }
}
