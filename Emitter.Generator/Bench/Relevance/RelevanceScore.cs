namespace Emitter.Generator.Bench.Relevance;

/// <summary>recall@k and reciprocal rank of one ranked answer against the known right answers.</summary>
public static class RelevanceScore
{
    /// <returns>Recall: right answers in the first k over the most that fit (min(k, right answers)); reciprocal rank: 1 / rank of the first right answer, 0 without one.</returns>
    public static (double Recall, double ReciprocalRank) Of(IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> right, int k)
    {
        if (right.Count == 0) return (0, 0);
        var hits = 0;
        var reciprocal = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (!right.Contains(ranked[i])) continue;
            hits++;
            if (reciprocal == 0) reciprocal = 1.0 / (i + 1);
        }
        return ((double)hits / Math.Min(k, right.Count), reciprocal);
    }
}
