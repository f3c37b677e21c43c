namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// The per-session temporary table copy mode's fallback loads into before moving rows to the
/// target with ON CONFLICT, when the direct COPY met ids already present: COPY itself cannot
/// skip duplicates. Created by the fallback the first time a session needs it (a retry is
/// rare), emptied at every commit, kept in local buffers rather than the WAL.
/// </summary>
public static class PgVectorStaging
{
    public const string Table = "batch_staging";

    public static string CreateSql(int dimensions) => $"""
        CREATE TEMP TABLE IF NOT EXISTS {Table} (
            id uuid, "timestamp" timestamptz, service text, level text, message text, trace_id text, span_id text, embedding vector({dimensions}))
            ON COMMIT DELETE ROWS;
        {PgVectorStorage.InRowSql(Table, dimensions)}
        """;
}
