namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// Where vectors are stored. pgvector's default (EXTERNAL) moves any vector over ~2 KB (more
/// than ~500 dimensions) out of the row into TOAST chunks: a 1,536-d vector becomes four
/// chunks plus index entries, about 40% of a load's cost, and every exact scan reassembles
/// them. A vector that fits in a page with the rest of the row is kept in it (PLAIN).
/// </summary>
public static class PgVectorStorage
{
    // 8 KB pages hold ~8,100 bytes of row; keep ~500 for the other columns (long texts can still be toasted).
    private const int MaxPlainDimensions = 1900;

    public static bool FitsInRow(int dimensions) => dimensions <= MaxPlainDimensions;
}
