using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Embedding;

/// <summary>The embedding step's console lines (numbers pre-formatted: "1,024", "16.2").</summary>
internal static partial class PoolEmbedderLog
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embedding pool: {Total} messages, {FromCache} from cache, {Missing} to embed with {Provider}/{Model}")]
    public static partial void Starting(ILogger logger, string total, string fromCache, string missing, string provider, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding pool: {Done}/{Total} ({Percent}%) {Rate}/s")]
    public static partial void Progress(ILogger logger, string done, string total, int percent, string rate);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embedded {Embedded} messages ({FromCache} from cache) in {Seconds} s with {Model}")]
    public static partial void Finished(ILogger logger, string embedded, string fromCache, string seconds, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded 0 messages, {FromCache} from cache ({Model})")]
    public static partial void AllCached(ILogger logger, string fromCache, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding cache {Path}: dropped an incomplete last record ({Bytes} bytes), likely from an interrupted run")]
    public static partial void Truncated(ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding cache {Path} unavailable ({Reason}); embedding without it")]
    public static partial void CacheUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embedding cache compacted to its {MaxMb} MB bound: {RecordsBefore} records, {MbBefore} MB -> {RecordsAfter} records, {MbAfter} MB ({Path})")]
    public static partial void Compacted(ILogger logger, string maxMb, string recordsBefore, string mbBefore, string recordsAfter, string mbAfter, string path);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Embedding cache {Path}: the current pool's vectors alone take {PoolMb} MB, more than embedding.cache_max_mb ({MaxMb} MB); kept them all")]
    public static partial void PoolExceedsBound(ILogger logger, string path, string poolMb, string maxMb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding cache {Path}: compaction failed ({Reason}); the file is unchanged")]
    public static partial void CompactionFailed(ILogger logger, string path, string reason);
}
