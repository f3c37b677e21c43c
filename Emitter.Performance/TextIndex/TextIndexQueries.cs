using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Performance.TextIndex;

/// <summary>A query as clients send it: keyword (ts_rank, top 10) or qstorm's hybrid RRF, reading either the column or the expression.</summary>
public sealed record TextIndexQuery(string Name, bool NeedsColumn, bool IsHybrid, Func<string, string> Sql)
{
    private const string Column = "message_tsv";
    private const string Expression = "to_tsvector('english', message)";

    public static IReadOnlyList<TextIndexQuery> All { get; } =
    [
        new("keyword, message_tsv", true, false, t => Keyword(t, Column)),
        new("keyword, expression", false, false, t => Keyword(t, Expression)),
        new("hybrid RRF, message_tsv", true, true, t => Hybrid(t, Column)),
        new("hybrid RRF, expression", false, true, t => Hybrid(t, Expression)),
    ];

    // $1 the phrase; with the expression this is qstorm's keyword_search (src/providers/pgvector.rs).
    private static string Keyword(string table, string tsv) => $"""
        SELECT id::text, ts_rank({tsv}, plainto_tsquery('english', $1)) AS score
        FROM {table}
        WHERE {tsv} @@ plainto_tsquery('english', $1)
        ORDER BY score DESC
        LIMIT 10
        """;

    // $1 the vector, $2 the phrase, $3 the prefetch (2 x top_k), $4 top_k: qstorm's hybrid_search.
    private static string Hybrid(string table, string tsv) => $"""
        WITH vector_results AS (
            SELECT id::text, ROW_NUMBER() OVER (ORDER BY embedding <=> $1::vector) AS rank
            FROM {table}
            ORDER BY embedding <=> $1::vector
            LIMIT $3
        ),
        text_results AS (
            SELECT id::text, ROW_NUMBER() OVER (ORDER BY ts_rank({tsv}, plainto_tsquery('english', $2)) DESC) AS rank
            FROM {table}
            WHERE {tsv} @@ plainto_tsquery('english', $2)
            LIMIT $3
        )
        SELECT COALESCE(v.id, t.id) AS id,
               COALESCE(1.0 / (60 + v.rank), 0) + COALESCE(1.0 / (60 + t.rank), 0) AS score
        FROM vector_results v
        FULL OUTER JOIN text_results t ON v.id = t.id
        ORDER BY score DESC
        LIMIT $4
        """;

    /// <summary>
    /// What an operator would type: one to three consecutive words (4+ letters) of a pool
    /// message, with that message's vector for the hybrid form.
    /// </summary>
    public static IReadOnlyList<(string Phrase, ReadOnlyMemory<float> Vector)> Phrases(MessagePool pool, int count, int seed = 7)
    {
        var random = new Random(seed);
        var phrases = new List<(string, ReadOnlyMemory<float>)>(count);
        while (phrases.Count < count)
        {
            var message = pool.Messages[random.Next(pool.Messages.Count)];
            var words = message.Text.Split((char[])[' ', ':', '=', '/', '-', '.', ',', '(', ')', '[', ']', '"', '\'', '_'], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 4 && w.All(char.IsLetter)).ToArray();
            if (words.Length == 0) continue;
            var length = Math.Min(words.Length, random.Next(1, 4));
            var start = random.Next(words.Length - length + 1);
            phrases.Add((string.Join(' ', words[start..(start + length)]).ToLowerInvariant(), message.Vector));
        }
        return phrases;
    }
}
