namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// The per-session temporary table copy mode's fallback loads into before moving rows to the
/// target with ON CONFLICT, when the direct COPY met ids already present: COPY itself cannot
/// skip duplicates. Created once per physical
/// connection (emptied at every commit), kept in local buffers rather than the WAL.
/// </summary>
public static class PgVectorStaging
{
    public const string Table = "batch_staging";

    /// <summary>Runs on every new physical connection of the writing data source.</summary>
    public static string SessionSetup(int dimensions, bool staging)
    {
        // JIT compiling a small INSERT ... SELECT costs more than running it.
        var setup = "SET jit = off;";
        if (!staging) return setup;
        setup += $"""
            SET temp_buffers = '128MB';
            CREATE TEMP TABLE IF NOT EXISTS {Table} (
                id uuid, "timestamp" timestamptz, service text, level text, message text, embedding vector({dimensions}))
                ON COMMIT DELETE ROWS;
            """;
        return setup + PgVectorStorage.InRowSql(Table, dimensions);
    }
}
