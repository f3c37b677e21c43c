using Emitter.Generator.Embedding;
using Emitter.Generator.Model;

namespace Emitter.Tests.Stores.Memory;

/// <summary>
/// The "server" of a store that lives only in the test project: what its sink wrote, searchable at
/// once. Vector: cosine over the stored (jittered) vectors; keyword: query words an entry has;
/// hybrid: both fused by reciprocal rank (k = 60). Ties go to the earlier write.
/// </summary>
public sealed class MemoryIndex
{
    private readonly Lock _gate = new();
    private readonly List<(Guid Id, HashSet<string> Words, float[] Vector)> _documents = [];

    public int Count
    {
        get
        {
            lock (_gate) return _documents.Count;
        }
    }

    public int Searches => Volatile.Read(ref _searches);
    private int _searches;

    public void Add(in LogEntry entry, EmbeddingInfo embedding, bool withVectors)
    {
        var vector = withVectors ? EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, embedding.Jitter) : [];
        var document = (entry.Id, Words(entry.Text), vector);
        lock (_gate) _documents.Add(document);
    }

    public IReadOnlyList<Guid> Search(SearchMode mode, string text, ReadOnlySpan<float> vector, int topK)
    {
        Interlocked.Increment(ref _searches);
        var query = vector.ToArray();
        (Guid Id, HashSet<string> Words, float[] Vector)[] documents;
        lock (_gate) documents = [.. _documents];
        var byVector = documents.Select((d, i) => (d.Id, Score: (double)Cosine(query, d.Vector), i)).Where(d => !double.IsNaN(d.Score))
            .OrderByDescending(d => d.Score).ThenBy(d => d.i).Select(d => d.Id).ToList();
        var words = Words(text);
        var byWords = documents.Select((d, i) => (d.Id, Score: d.Words.Count(words.Contains), i)).Where(d => d.Score > 0)
            .OrderByDescending(d => d.Score).ThenBy(d => d.i).Select(d => d.Id).ToList();
        return mode switch
        {
            SearchMode.Vector => [.. byVector.Take(topK)],
            SearchMode.Keyword => [.. byWords.Take(topK)],
            _ => [.. Rrf(byVector.Take(topK * 2).ToList(), byWords.Take(topK * 2).ToList()).Take(topK)],
        };
    }

    private static IEnumerable<Guid> Rrf(params List<Guid>[] rankings) => rankings
        .SelectMany(r => r.Select((id, rank) => (id, Score: 1.0 / (60 + rank + 1))))
        .GroupBy(x => x.id).Select(g => (g.Key, Score: g.Sum(x => x.Score)))
        .OrderByDescending(x => x.Score).Select(x => x.Key);

    private static HashSet<string> Words(string text) =>
        [.. text.ToLowerInvariant().Split(text.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries)];

    private static float Cosine(float[] a, float[] b)
    {
        if (a.Length == 0 || a.Length != b.Length) return float.NaN;
        float dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / MathF.Sqrt(na * nb);
    }
}
