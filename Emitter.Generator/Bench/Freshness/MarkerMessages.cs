using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Bench.Freshness;

/// <summary>
/// Freshness markers' messages, made one at a time as the run writes them: each a unique token in
/// its text and a vector of its own, turned from a pool message's (from the run's seed) so that
/// markers stay distinct yet lie among real entries, where an HNSW search can reach them. Nothing
/// is kept: a marker costs memory only while it is written and probed.
/// </summary>
public sealed class MarkerMessages(MessagePool pool, ulong seed)
{
    /// <summary>How far each marker's vector is turned from its base message's.</summary>
    private const float Spread = 0.5f;

    private readonly Random _random = new((int)seed ^ 0x3A7C);

    /// <summary>The next marker's message; one caller at a time (the marker writer).</summary>
    public PoolMessage Next()
    {
        // Tokens are fresh on every run (not from the seed): a marker of an earlier run in the same
        // table must never be mistaken for this run's.
        var message = new PoolMessage(PoolMessage.OutsidePool, $"emitter freshness marker {Token()}", LogLevel.Info);
        if (pool.Messages.Count == 0) return message;
        var basis = pool.Messages[_random.Next(pool.Messages.Count)].Vector.Span;
        var vector = new float[basis.Length];
        for (var i = 0; i < vector.Length; i++) vector[i] = basis[i] + Spread * (float)(_random.NextDouble() * 2 - 1) / MathF.Sqrt(vector.Length);
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        message.Vector = vector;
        return message;
    }

    private static string Token()
    {
        // Letters only: one lexeme for PostgreSQL's parser, one token for BM25 tokenizers.
        Span<char> token = stackalloc char[12];
        token[0] = 'm';
        token[1] = 'k';
        for (var i = 2; i < token.Length; i++) token[i] = (char)('a' + Random.Shared.Next(26));
        return new string(token);
    }
}
