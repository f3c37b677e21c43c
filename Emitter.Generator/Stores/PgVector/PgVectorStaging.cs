using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// The per-session temporary table copy mode's fallback loads into before moving rows to the
/// target with ON CONFLICT, when the direct COPY met ids already present: COPY itself cannot
/// skip duplicates. Created by the fallback the first time a session needs it (a retry is
/// rare), emptied at every commit, kept in local buffers rather than the WAL.
/// </summary>
public static class PgVectorStaging
{
    public const string Table = "batch_staging";

    /// <param name="dimensions">The target's vector size; null when it has no embedding column (index_mode keyword).</param>
    public static string CreateSql(int? dimensions) => dimensions is { } d
        ? $"""
            CREATE TEMP TABLE IF NOT EXISTS {Table} (
                id uuid, "timestamp" timestamptz, service text, level text, message text, trace_id text, span_id text, embedding vector({d}))
                ON COMMIT DELETE ROWS;
            {PgVectorStorage.InRowSql(Table, d)}
            """
        : $"""
            CREATE TEMP TABLE IF NOT EXISTS {Table} (
                id uuid, "timestamp" timestamptz, service text, level text, message text, trace_id text, span_id text)
                ON COMMIT DELETE ROWS;
            """;
}
