using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// First use of a table: the extension, the original's columns (plus the generated tsvector),
/// the embedding recorded in the table comment, the HNSW and GIN indexes and the trace id index.
/// The index_mode leaves some out as logstorm 0.3 does: keyword mode has no embedding column and
/// no HNSW index, vector mode no tsvector column and no GIN index. An existing table is checked
/// instead of changed (a missing index is added, and the trace columns when it predates them); a
/// mismatch is returned as a problem for the caller to refuse.
/// </summary>
public static class PgVectorSchema
{
    private static readonly string[] RequiredColumns = ["id", "timestamp", "service", "level", "message"];
    private const string EmbeddingColumn = "embedding";
    private const string TsvColumn = "message_tsv";

    /// <summary>
    /// The advisory lock every Emitter setup holds while it creates or checks a table: several
    /// generators (shards) starting together against one table would otherwise race, and
    /// PostgreSQL's <c>CREATE ... IF NOT EXISTS</c> is not safe against a concurrent create (the
    /// loser gets 23505 on the catalog's unique index, pg_type_typname_nsp_index).
    /// </summary>
    private const long SetupLock = 0x456D_6974_7465_72; // "Emitter"

    /// <summary>Creates what is missing; returns why the table cannot take this run's entries, or null.</summary>
    public static async Task<string?> EnsureAsync(NpgsqlConnection connection, string table, EmbeddingInfo embedding, bool createIndexes, CancellationToken ct,
        IndexMode mode = IndexMode.Hybrid)
    {
        // Waits for another setup's index build if need be (no timeout, as the build has none).
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({SetupLock})", ct, IndexBuild);
        try
        {
            return await EnsureLockedAsync(connection, table, embedding, createIndexes, mode, ct);
        }
        finally
        {
            // A broken connection has lost the lock with its session; a pooled one is reset on return anyway.
            try { await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({SetupLock})", CancellationToken.None); }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { }
        }
    }

    private static async Task<string?> EnsureLockedAsync(NpgsqlConnection connection, string table, EmbeddingInfo embedding, bool createIndexes, IndexMode mode, CancellationToken ct)
    {
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS vector", ct);
        var quoted = PgVectorIdentifier.Quote(table);
        var wanted = PgVectorTableComment.Of(embedding, mode);
        if (await PgVectorTableReader.ReadAsync(connection, table, ct) is not { } state)
        {
            var tsv = mode.HasText() ? $",\n    {TsvColumn} tsvector GENERATED ALWAYS AS (to_tsvector('english', message)) STORED" : "";
            var vector = mode.HasVectors() ? $",\n    {EmbeddingColumn} vector({embedding.Dimensions}) NOT NULL" : "";
            await using var tx = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, $"""
                CREATE TABLE IF NOT EXISTS {quoted} (
                    id uuid PRIMARY KEY,
                    "timestamp" timestamptz NOT NULL,
                    service text NOT NULL,
                    level text NOT NULL,
                    message text NOT NULL,
                    trace_id text,
                    span_id text{tsv}{vector})
                """, ct);
            if (mode.HasVectors() && PgVectorStorage.InRowSql(quoted, embedding.Dimensions) is { Length: > 0 } inRow)
                await ExecuteAsync(connection, inRow, ct);
            await CommentAsync(connection, quoted, wanted, ct);
            await tx.CommitAsync(ct);
        }
        else if (Problem(state, wanted, mode) is { } problem)
        {
            return problem;
        }
        else
        {
            if (state.Recorded is null) await CommentAsync(connection, quoted, wanted, ct); // an empty table of the right size: adopt it
            // A table from before trace ids gets their columns: nullable without a default, so
            // PostgreSQL changes only the catalog (no rewrite, a moment's lock); its old rows keep null.
            if (!state.Columns.Contains("trace_id") || !state.Columns.Contains("span_id"))
                await ExecuteAsync(connection, AddTraceColumnsSql(table), ct);
        }

        if (createIndexes)
        {
            foreach (var index in IndexesSql(table, mode))
                await ExecuteAsync(connection, index, ct, IndexBuild);
        }
        return null;
    }

    /// <summary>The indexes a table of this mode gets: HNSW for vectors, the two GIN indexes for text, the trace id btree always.</summary>
    public static IEnumerable<string> IndexesSql(string table, IndexMode mode)
    {
        if (mode.HasVectors()) yield return EmbeddingIndexSql(table);
        if (mode.HasText())
        {
            yield return MessageTsvIndexSql(table);
            yield return MessageExpressionIndexSql(table);
        }
        yield return TraceIdIndexSql(table);
    }

    /// <summary>
    /// The index_mode an existing table was built for: as its comment records it, else from its
    /// columns (a table made before index_mode, or by hand, is hybrid when it has vectors: its
    /// text is searched through the expression index even without message_tsv).
    /// </summary>
    public static IndexMode BuiltFor(PgVectorTableState state) =>
        state.Recorded?.IndexMode is { } recorded && Enum.TryParse<IndexMode>(recorded, ignoreCase: true, out var mode) ? mode
        : state.Columns.Contains(EmbeddingColumn) ? IndexMode.Hybrid : IndexMode.Keyword;

    public static string EmbeddingIndexSql(string table) =>
        $"CREATE INDEX IF NOT EXISTS {PgVectorIdentifier.Quote(table + "_embedding_hnsw")} ON {PgVectorIdentifier.Quote(table)} USING hnsw (embedding vector_cosine_ops)";

    /// <summary>The GIN index serving queries that read the generated column (<c>message_tsv @@ ...</c>).</summary>
    public static string MessageTsvIndexSql(string table) =>
        $"CREATE INDEX IF NOT EXISTS {PgVectorIdentifier.Quote(table + "_message_tsv_gin")} ON {PgVectorIdentifier.Quote(table)} USING gin (message_tsv)";

    /// <summary>
    /// The GIN index serving queries that compute the vector themselves
    /// (<c>to_tsvector('english', message) @@ ...</c>, as qstorm's pgvector provider does): the
    /// planner uses an expression index only for that very expression, never the column's index.
    /// </summary>
    public static string MessageExpressionIndexSql(string table) =>
        $"CREATE INDEX IF NOT EXISTS {PgVectorIdentifier.Quote(table + "_message_fts_gin")} ON {PgVectorIdentifier.Quote(table)} USING gin (to_tsvector('english', message))";

    public static string AddTraceColumnsSql(string table) =>
        $"ALTER TABLE {PgVectorIdentifier.Quote(table)} ADD COLUMN IF NOT EXISTS trace_id text, ADD COLUMN IF NOT EXISTS span_id text";

    /// <summary>A btree on trace_id: one trace's entries (<c>WHERE trace_id = $1</c>) without reading the table.</summary>
    public static string TraceIdIndexSql(string table) =>
        $"CREATE INDEX IF NOT EXISTS {PgVectorIdentifier.Quote(table + "_trace_id")} ON {PgVectorIdentifier.Quote(table)} (trace_id)";

    private static string? Problem(PgVectorTableState state, PgVectorTableComment wanted, IndexMode mode)
    {
        var missing = RequiredColumns.Except(state.Columns).ToList();
        // A table nobody recorded a mode for needs the embedding column to take vectors.
        if (mode.HasVectors() && !state.Columns.Contains(EmbeddingColumn) && state.Recorded?.IndexMode is null) missing.Add(EmbeddingColumn);
        if (missing.Count > 0)
            return $"has no column {string.Join(", ", missing)}: it was not made for log entries; use another table_name";
        var built = BuiltFor(state);
        if (built != mode)
            return $"was built for index_mode {built.Name()}, but this sink has index_mode {mode.Name()}: use another table_name, drop the table, or set the table's mode";
        if (!state.IdIsUnique)
            return "has no primary key or unique index on id, and exactly-once rests on one (a retried write skips the ids already there): add one (ALTER TABLE ... ADD PRIMARY KEY (id)), or use another table_name";
        if (!mode.HasVectors()) return null;
        if (state.Dimensions != wanted.Dimensions)
        {
            var have = state.Dimensions is { } d ? $"{d}-dimensional vectors" : "an embedding column that is not of type vector(N)";
            var model = state.Recorded is { } r ? $" ({r.Model})" : "";
            return $"holds {have}{model}, but this run's are {wanted.Dimensions}-dimensional ({wanted.Model}): use another table_name, drop the table, or run with the table's model and dimensions";
        }
        if (state.Recorded is { } recorded && recorded.Model != wanted.Model)
            return $"holds vectors of model {recorded.Model}, but this run's come from {wanted.Model} (both {wanted.Dimensions}-dimensional, yet not comparable): use another table_name, drop the table, or run with {recorded.Model}";
        if (state.Recorded is null && state.HasRows)
            return $"holds rows whose embedding model was never recorded (this run's is {wanted.Model}, {wanted.Dimensions} dimensions): use another table_name, or drop or empty the table";
        return null;
    }

    private static Task CommentAsync(NpgsqlConnection connection, string quoted, PgVectorTableComment comment, CancellationToken ct) =>
        ExecuteAsync(connection, $"COMMENT ON TABLE {quoted} IS '{comment.ToComment().Replace("'", "''", StringComparison.Ordinal)}'", ct);

    // An index added to a table that already holds rows (one made before the schema had it) can
    // take longer than Npgsql's default 30 s to build (30 s for 200,000 rows here), and a timeout
    // counts as transient: the start would rebuild it from scratch until its patience ran out.
    // 0: no limit; stopping the run still cancels it.
    private const int IndexBuild = 0;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, int? timeoutSeconds = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (timeoutSeconds is { } timeout) command.CommandTimeout = timeout;
        await command.ExecuteNonQueryAsync(ct);
    }
}
