using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// The three searches in pgvector's native SQL, as the query tools people point at these tables
/// send them (qstorm's pgvector provider): cosine distance through the HNSW index, full text
/// ranked by ts_rank, and RRF (k = 60) in SQL over the ROW_NUMBER()s of both, each side limited
/// to twice top_k.
/// </summary>
public static class PgVectorSearchSql
{
    /// <summary>
    /// The text-search vector every query reads, in one place: the sink's generated column (GIN
    /// indexed; the expression form qstorm sends has a GIN index of its own, see PgVectorSchema).
    /// </summary>
    public const string TextVector = "message_tsv";

    /// <summary>RRF's constant, as in the original paper and every store's default.</summary>
    public const int RrfK = 60;

    /// <summary>$1 vector, $2 limit.</summary>
    public static string Vector(string table) =>
        $"SELECT id FROM {PgVectorIdentifier.Quote(table)} ORDER BY embedding <=> $1 LIMIT $2";

    /// <summary>$1 text, $2 limit.</summary>
    public static string Keyword(string table) => $"""
        SELECT id FROM {PgVectorIdentifier.Quote(table)}, plainto_tsquery('english', $1) q
        WHERE {TextVector} @@ q ORDER BY ts_rank({TextVector}, q) DESC LIMIT $2
        """;

    /// <summary>$1 vector, $2 text, $3 limit of each side, $4 limit.</summary>
    public static string Hybrid(string table)
    {
        var quoted = PgVectorIdentifier.Quote(table);
        return $"""
            WITH vector_results AS (
                SELECT id, ROW_NUMBER() OVER (ORDER BY embedding <=> $1) AS rank
                FROM {quoted} ORDER BY embedding <=> $1 LIMIT $3),
            text_results AS (
                SELECT id, ROW_NUMBER() OVER (ORDER BY ts_rank({TextVector}, q) DESC) AS rank
                FROM {quoted}, plainto_tsquery('english', $2) q
                WHERE {TextVector} @@ q ORDER BY rank LIMIT $3)
            SELECT COALESCE(v.id, t.id) AS id
            FROM vector_results v FULL OUTER JOIN text_results t ON v.id = t.id
            ORDER BY COALESCE(1.0 / ({RrfK} + v.rank), 0) + COALESCE(1.0 / ({RrfK} + t.rank), 0) DESC
            LIMIT $4
            """;
    }
}
