using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// The three searches in pgvector's native SQL, as the query tools people point at these tables
/// send them (qstorm's pgvector provider): cosine distance through the HNSW index, full text
/// ranked by ts_rank, and RRF (k = 60) in SQL over the ROW_NUMBER()s of both, each side limited
/// to twice top_k. Keyword matching is any word (the OR of plainto_tsquery's lexemes, as the
/// other stores' match) or all of them (plainto_tsquery itself); the result is the ids or the
/// stored fields but the vectors.
/// </summary>
public static class PgVectorSearchSql
{
    /// <summary>
    /// The text-search vector every query reads, in one place: the sink's generated column (GIN
    /// indexed; the expression form qstorm sends has a GIN index of its own, see PgVectorSchema).
    /// </summary>
    public const string TextVector = "message_tsv";

    /// <summary>RRF's constant, the same sent to every store.</summary>
    public const int RrfK = SearchShape.RrfK;

    /// <summary>The stored fields a payload fetch returns: all but the vector and the text-search column.</summary>
    public const string Payload = "\"timestamp\", service, level, message, trace_id, span_id";

    /// <summary>
    /// The query's lexemes: all of them (plainto_tsquery ANDs them) or any (the same lexemes
    /// ORed: only the ' &amp; ' between them is replaced, so a phrase from a hyphenated word keeps its &lt;-&gt;).
    /// </summary>
    /// A FROM item that yields the tsquery as <c>q</c> (a cast is no function call, so "any" is a subquery).
    public static string Query(string text, MatchMode match) => match == MatchMode.All
        ? $"plainto_tsquery('english', {text}) q"
        : $"(SELECT replace(plainto_tsquery('english', {text})::text, ' & ', ' | ')::tsquery AS q) tsq";

    private static string Columns(FetchMode fetch) => fetch == FetchMode.Payload ? $"id, {Payload}" : "id";

    /// <summary>$1 vector, $2 limit.</summary>
    public static string Vector(string table, FetchMode fetch = FetchMode.Ids) =>
        $"SELECT {Columns(fetch)} FROM {PgVectorIdentifier.Quote(table)} ORDER BY embedding <=> $1 LIMIT $2";

    /// <summary>$1 text, $2 limit.</summary>
    public static string Keyword(string table, MatchMode match = MatchMode.Any, FetchMode fetch = FetchMode.Ids) => $"""
        SELECT {Columns(fetch)} FROM {PgVectorIdentifier.Quote(table)}, {Query("$1", match)}
        WHERE {TextVector} @@ q ORDER BY ts_rank({TextVector}, q) DESC LIMIT $2
        """;

    /// <summary>$1 vector, $2 text, $3 limit of each side, $4 limit.</summary>
    public static string Hybrid(string table, MatchMode match = MatchMode.Any, FetchMode fetch = FetchMode.Ids)
    {
        var quoted = PgVectorIdentifier.Quote(table);
        return $"""
            WITH vector_results AS (
                SELECT id, ROW_NUMBER() OVER (ORDER BY embedding <=> $1) AS rank
                FROM {quoted} ORDER BY embedding <=> $1 LIMIT $3),
            text_results AS (
                SELECT id, ROW_NUMBER() OVER (ORDER BY ts_rank({TextVector}, q) DESC) AS rank
                FROM {quoted}, {Query("$2", match)}
                WHERE {TextVector} @@ q ORDER BY rank LIMIT $3)
            SELECT {(fetch == FetchMode.Payload ? $"f.id, {string.Join(", ", Payload.Split(", ").Select(c => "f." + c))}" : "fused.id")} FROM (
                SELECT COALESCE(v.id, t.id) AS id, COALESCE(1.0 / ({RrfK} + v.rank), 0) + COALESCE(1.0 / ({RrfK} + t.rank), 0) AS score
                FROM vector_results v FULL OUTER JOIN text_results t ON v.id = t.id
                ORDER BY score DESC LIMIT $4) fused
            {(fetch == FetchMode.Payload ? $"JOIN {quoted} f ON f.id = fused.id" : "")}
            ORDER BY fused.score DESC
            """;
    }
}
