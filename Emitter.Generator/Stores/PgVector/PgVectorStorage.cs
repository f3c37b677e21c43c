using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Where vectors are stored. pgvector's default (EXTERNAL) moves any vector over ~2 KB (more
/// than ~500 dimensions) out of the row into TOAST chunks: a 1,536-d vector becomes four
/// chunks plus index entries, about 40% of a load's cost, and every exact scan reassembles
/// them. A vector that fits in a page with the rest of the row is kept in it (PLAIN), and the
/// table's toast_tuple_target is raised to a page so that such a row is not sent through the
/// toaster at all: at the default (~2 KB) every row had its message and tsvector tried for
/// compression, which cost a quarter of a 1,536-d COPY.
/// </summary>
public static class PgVectorStorage
{
    // 8 KB pages hold ~8,100 bytes of row; keep ~500 for the other columns (long texts can still be toasted).
    private const int MaxPlainDimensions = 1900;

    // The largest toast_tuple_target PostgreSQL accepts: a whole page's worth of row.
    private const int WholePage = 8160;

    /// <summary>The ALTER TABLE that keeps vectors in the row, or nothing when they cannot fit.</summary>
    public static string InRowSql(string quotedTable, int dimensions) => dimensions <= MaxPlainDimensions
        ? $"ALTER TABLE {quotedTable} ALTER COLUMN embedding SET STORAGE PLAIN, SET (toast_tuple_target = {WholePage});"
        : "";
}
