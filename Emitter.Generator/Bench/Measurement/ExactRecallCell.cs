namespace Emitter.Generator.Bench.Measurement;

/// <summary>One phase's sampled queries scored against the exact answer in one store and mode: recall summed, and samples that could not be scored.</summary>
public sealed class ExactRecallCell
{
    private readonly Lock _gate = new();
    private double _recall;
    private long _count, _skipped;
    private string? _skipReason;

    public void Add(double recall)
    {
        lock (_gate)
        {
            _recall += recall;
            _count++;
        }
    }

    /// <summary>A sampled query whose exact answer was not computed (the scorer was behind, or the store held more entries than are tracked).</summary>
    public void Skip(string reason)
    {
        lock (_gate)
        {
            _skipped++;
            _skipReason ??= reason;
        }
    }

    /// <summary>Mean recall against the exact top k (null: none scored), how many were scored and skipped, and the first reason for a skip.</summary>
    public (double? Recall, long Count, long Skipped, string? SkipReason) Read()
    {
        lock (_gate) return (_count == 0 ? null : Math.Round(_recall / _count, 4), _count, _skipped, _skipReason);
    }
}
