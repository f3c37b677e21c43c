using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Keeps a cache file within embedding.cache_max_mb once a pool is embedded, so runs with ever new
/// seeds or pool sizes do not fill the disk (and the memory the file is loaded into at open).
/// </summary>
internal static class EmbeddingCacheLimit
{
    public static void Apply(EmbeddingCacheFile file, IEnumerable<string> poolTexts, long maxBytes, ILogger logger)
    {
        EmbeddingCacheCompaction? compaction;
        try
        {
            compaction = file.CompactTo(maxBytes, poolTexts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The old file is still in place and whole; a cache over its bound is no reason to stop.
            PoolEmbedderLog.CompactionFailed(logger, file.Path, e.Message);
            return;
        }

        if (compaction is null)
        {
            return;
        }

        if (compaction.Rewritten)
        {
            PoolEmbedderLog.Compacted(logger, Mb(compaction.MaxBytes), EmbeddingProgress.Format(compaction.RecordsBefore),
                Mb(compaction.BytesBefore), EmbeddingProgress.Format(compaction.RecordsAfter), Mb(compaction.BytesAfter), file.Path);
        }

        if (compaction.PoolExceedsBound)
        {
            PoolEmbedderLog.PoolExceedsBound(logger, file.Path, Mb(compaction.PoolBytes), Mb(compaction.MaxBytes));
        }
    }

    private static string Mb(long bytes) => ((double)bytes / EmbeddingCache.BytesPerMb).ToString("N1", CultureInfo.InvariantCulture);
}
