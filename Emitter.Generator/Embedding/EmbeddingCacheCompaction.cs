namespace Emitter.Generator.Embedding;

/// <summary>What compacting a cache file found and did; <see cref="PoolBytes"/> is the header plus the kept pool's records.</summary>
public sealed record EmbeddingCacheCompaction(int RecordsBefore, long BytesBefore, int RecordsAfter, long BytesAfter, long MaxBytes, long PoolBytes)
{
    /// <summary>Whether records were dropped (and the file rewritten).</summary>
    public bool Rewritten => RecordsAfter < RecordsBefore;

    /// <summary>Whether the pool alone is over the bound, so the file stays over it.</summary>
    public bool PoolExceedsBound => PoolBytes > MaxBytes;
}
