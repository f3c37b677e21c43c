namespace Emitter.Generator.Embedding;

/// <summary>
/// Keeping the file within a size bound. The kept records are written to a temp file beside it,
/// flushed to disk and renamed over it, so a crash leaves either the old file or the new one, never
/// a part of either. The temp file is locked before the rename, so the lock never lapses.
/// </summary>
public sealed partial class EmbeddingCacheFile
{
    private const int WriteBufferSize = 1 << 20;

    /// <summary>
    /// When the file is larger than <paramref name="maxBytes"/>, rewrites it with every vector of
    /// <paramref name="keepTexts"/> (even if they alone exceed the bound) and then the most recently
    /// appended others, newest first, until the bound. The kept texts are written last, so the next
    /// compaction counts them as the newest. Null when the file was within the bound.
    /// </summary>
    public EmbeddingCacheCompaction? CompactTo(long maxBytes, IEnumerable<string> keepTexts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentNullException.ThrowIfNull(keepTexts);
        lock (_lock)
        {
            var bytesBefore = _file.Length;
            if (bytesBefore <= maxBytes)
            {
                return null;
            }

            var pool = keepTexts.Select(Key).Where(_vectors.ContainsKey).ToHashSet(StringComparer.Ordinal);
            var poolBytes = _headerSize + (long)pool.Count * _recordSize;
            var room = (int)Math.Max(0, (maxBytes - poolBytes) / _recordSize);
            var others = _vectors.Where(e => !pool.Contains(e.Key)).OrderByDescending(e => e.Value.Sequence).Take(room).Reverse();
            var kept = others.Concat(_vectors.Where(e => pool.Contains(e.Key)).OrderBy(e => e.Value.Sequence)).Select(e => e.Key).ToList();
            var recordsBefore = _vectors.Count;
            if (kept.Count < recordsBefore)
            {
                Rewrite(kept);
            }

            return new EmbeddingCacheCompaction(recordsBefore, bytesBefore, kept.Count, _file.Length, maxBytes, poolBytes);
        }
    }

    internal static string TempPathFor(string path) => path + ".compacting";

    private void Rewrite(List<string> keys)
    {
        var tempPath = TempPathFor(Path);
        var temp = new FileStream(tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, WriteBufferSize);
        try
        {
            var header = new byte[_headerSize];
            _file.Position = 0;
            _file.ReadExactly(header);
            temp.Write(header);
            var record = new byte[_recordSize];
            foreach (var key in keys)
            {
                Convert.FromHexString(key, record, out _, out _);
                WriteVector(record, _vectors[key].Vector);
                temp.Write(record);
            }

            temp.Flush(flushToDisk: true);
            File.Move(tempPath, Path, overwrite: true);
        }
        catch
        {
            temp.Dispose();
            File.Delete(tempPath);
            throw;
        }

        _file.Dispose();
        _file = temp;
        var vectors = keys.Select(k => _vectors[k]).ToList();
        _vectors.Clear();
        _appended = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            _vectors[keys[i]] = vectors[i] with { Sequence = _appended++ };
        }
    }
}
