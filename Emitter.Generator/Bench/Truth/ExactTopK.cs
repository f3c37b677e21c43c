using System.Numerics.Tensors;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Bench.Truth;

/// <summary>
/// The exact cosine top k over what a store had acknowledged when a query was sent, without
/// holding a single entry vector. Every entry's vector is its pool message's, each component
/// scaled by (1 + jitter·u), |u| &lt; 1, u derived from the entry id (<see cref="EmbeddingJitter"/>).
/// So an entry's cosine to the query lies within bounds computable from its message alone:
/// q·e = q·v ± jitter·Σ|q_i v_i| and |e| within (1 ± jitter)|v|. Messages are visited by their
/// upper bound, best first; each stored entry of a visited message has its vector recomputed from
/// its id and scored; the walk stops when the k-th best score found beats the next message's upper
/// bound. Exact, in the float arithmetic the stores use, at the cost of the pool's dot products
/// plus the entries of the few messages near the query.
/// </summary>
public sealed class ExactTopK(float jitter)
{
    // Headroom for float rounding in the bounds: never prune a message that could still hold an answer.
    private const double Slack = 1e-5;

    private float[] _buffer = [];

    /// <summary>Entries scored in the last call (the cost beyond the pool's dot products).</summary>
    public int LastScored { get; private set; }

    /// <summary>The ids of the best <paramref name="k"/> entries stored before place <paramref name="before"/>, best first.</summary>
    public IReadOnlyList<Guid> Find(ReadOnlySpan<float> query, IEnumerable<KeyValuePair<PoolMessage, IdList>> messages, int before, int k)
    {
        var queryNorm = TensorPrimitives.Norm(query);
        var candidates = new List<(double Upper, PoolMessage Message, IdList Ids)>();
        foreach (var (message, ids) in messages)
        {
            var vector = message.Vector.Span;
            if (vector.Length != query.Length) continue;
            var dot = 0.0;
            var spread = 0.0;
            for (var i = 0; i < vector.Length; i++)
            {
                var product = (double)query[i] * vector[i];
                dot += product;
                spread += Math.Abs(product);
            }
            var norm = (double)TensorPrimitives.Norm(vector) * queryNorm;
            if (norm == 0) continue;
            var top = dot + jitter * spread;
            var upper = top >= 0 ? top / (norm * (1 - jitter)) : top / (norm * (1 + jitter));
            candidates.Add((upper + Slack, message, ids));
        }
        candidates.Sort((a, b) => b.Upper.CompareTo(a.Upper));

        if (_buffer.Length != query.Length) _buffer = new float[query.Length];
        var best = new PriorityQueue<Guid, float>(k + 1); // the lowest score on top, to be pushed out
        var scored = 0;
        foreach (var (upper, message, list) in candidates)
        {
            if (best.Count == k && best.TryPeek(out _, out var kth) && kth >= upper) break;
            foreach (var id in list.Before(before))
            {
                EmbeddingJitter.Apply(message.Vector.Span, id, jitter, _buffer);
                var score = TensorPrimitives.CosineSimilarity(query, _buffer);
                scored++;
                if (best.Count < k) best.Enqueue(id, score);
                else if (best.TryPeek(out _, out var lowest) && score > lowest) best.EnqueueDequeue(id, score);
            }
        }
        LastScored = scored;
        var ranked = new Guid[best.Count];
        for (var i = ranked.Length - 1; i >= 0; i--) ranked[i] = best.Dequeue();
        return ranked;
    }
}
