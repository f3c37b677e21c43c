using Emitter.Generator.Bench.Driver;

namespace Emitter.Generator.Bench.Measurement;

/// <summary>
/// One phase's queries to one store in one mode. <see cref="Latency"/> holds every due query: a
/// success at its latency, anything else at the timeout (censored); <see cref="Ok"/> only the
/// successes; <see cref="Lateness"/> each sent query's send minus scheduled time. Errors are
/// counted by reason, with the first message of each.
/// </summary>
public sealed class QueryCell
{
    private readonly long[] _errors = new long[QueryFailures.All.Length + 1];
    private readonly string?[] _first = new string?[QueryFailures.All.Length + 1];

    public LatencyHistogram Latency { get; } = new();
    public LatencyHistogram Ok { get; } = new();
    public LatencyHistogram Lateness { get; } = new();

    public long Errors => QueryFailures.All.Sum(Count);
    public string? FirstError => QueryFailures.All.Select(First).FirstOrDefault(e => e is not null);

    public long Count(QueryFailure reason) => Interlocked.Read(ref _errors[(int)reason]);
    public string? First(QueryFailure reason) => Volatile.Read(ref _first[(int)reason]);

    public void Fail(string message) => Fail(QueryFailure.Failed, message);

    /// <summary>One due query: a success at its latency, anything else counted by reason; every one in <see cref="Latency"/>.</summary>
    public void Record(QueryOutcome outcome)
    {
        if (outcome.Kind is var failure && failure != QueryFailure.None) Fail(failure, outcome.Error!);
        else Ok.Record(outcome.Latency);
        Latency.Record(outcome.Latency);
        if (outcome.Lateness is { } lateness) Lateness.Record(lateness);
    }

    public void Fail(QueryFailure reason, string message)
    {
        Interlocked.Increment(ref _errors[(int)reason]);
        Interlocked.CompareExchange(ref _first[(int)reason], message, null);
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
