using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>
/// Scoring and ordering the fake Elasticsearch and the fake OpenSearch share, as both take them
/// from Lucene: cosine similarity (lucene/core/src/java/org/apache/lucene/index/VectorSimilarityFunction.java,
/// scored (1 + cos) / 2 by the callers), and equal scores kept in index order (Lucene doc id order:
/// lucene/core/src/java/org/apache/lucene/search/HitQueue.java).
/// </summary>
internal static class FakeRanking
{
    public static double Cosine(float[] query, JsonArray document)
    {
        double dot = 0, a = 0, b = 0;
        for (var i = 0; i < query.Length && i < document.Count; i++)
        {
            var d = document[i]!.GetValue<double>();
            dot += query[i] * d;
            a += query[i] * query[i];
            b += d * d;
        }
        return a == 0 || b == 0 ? 0 : dot / Math.Sqrt(a * b);
    }

    /// <summary>Best first; equal scores in index order (<paramref name="order"/>: id to position).</summary>
    public static List<(string Id, double Score)> Sorted(Dictionary<string, double> scores, Dictionary<string, int> order) =>
        [.. scores.OrderByDescending(s => s.Value).ThenBy(s => order[s.Key]).Select(s => (s.Key, s.Value))];
}
