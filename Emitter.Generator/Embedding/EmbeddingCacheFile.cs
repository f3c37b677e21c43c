using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Emitter.Generator.Model;

namespace Emitter.Generator.Embedding;

/// <summary>
/// One cache file, loaded into memory at open and appended to as vectors arrive. Format: a header
/// (<see cref="EmbeddingCacheHeader"/>), then fixed-size records of SHA-256(UTF-8 text)
/// followed by the vector as little-endian float32. A crash can only cut the last record short;
/// opening drops such a tail so later appends stay aligned. The file is locked while open, so
/// two emitters never interleave records; compaction (the other part of this class) keeps it so.
/// </summary>
public sealed partial class EmbeddingCacheFile : IDisposable
{
    private const int HashSize = 32;

    private readonly int _dimensions;
    private readonly int _recordSize;
    private readonly Dictionary<string, CachedVector> _vectors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private FileStream _file;
    private long _headerSize;
    private long _appended;

    private EmbeddingCacheFile(string path, FileStream file, int dimensions)
    {
        Path = path;
        _file = file;
        _dimensions = dimensions;
        _recordSize = HashSize + dimensions * sizeof(float);
    }

    public string Path { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Length
    {
        get { lock (_lock) { return _file.Length; } }
    }

    public int Count
    {
        get { lock (_lock) { return _vectors.Count; } }
    }

    /// <summary>Bytes dropped at open because the last record was incomplete.</summary>
    public long TruncatedBytes { get; private set; }

    internal static EmbeddingCacheFile Open(string path, EmbeddingInfo info)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var cache = new EmbeddingCacheFile(path, file, info.Dimensions);
        try
        {
            // Only the lock holder compacts, so a temp file seen now was left by a crash.
            File.Delete(TempPathFor(path));
            cache.Load(info);
            return cache;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public bool TryGet(string text, out float[] vector)
    {
        var key = Key(text);
        lock (_lock)
        {
            var found = _vectors.TryGetValue(key, out var cached);
            vector = found ? cached.Vector : null!;
            return found;
        }
    }

    /// <summary>Appends new vectors in one write and flushes it, so they survive an interruption.</summary>
    public void Append(IReadOnlyList<(string Text, float[] Vector)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var buffer = new byte[items.Count * _recordSize];
        var keys = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var (text, vector) = items[i];
            if (vector.Length != _dimensions)
            {
                throw new ArgumentException($"A vector has {vector.Length} dimensions; this cache holds {_dimensions}.", nameof(items));
            }

            var record = buffer.AsSpan(i * _recordSize, _recordSize);
            SHA256.HashData(Encoding.UTF8.GetBytes(text), record);
            keys[i] = Convert.ToHexString(record[..HashSize]);
            WriteVector(record, vector);
        }

        lock (_lock)
        {
            _file.Seek(0, SeekOrigin.End);
            _file.Write(buffer);
            _file.Flush();
            for (var i = 0; i < keys.Length; i++)
            {
                _vectors[keys[i]] = new CachedVector(items[i].Vector, _appended++);
            }
        }
    }

    public void Dispose() => _file.Dispose();

    private void WriteVector(Span<byte> record, float[] vector)
    {
        for (var d = 0; d < _dimensions; d++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(record[(HashSize + d * sizeof(float))..], vector[d]);
        }
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private void Load(EmbeddingInfo info)
    {
        _file.Position = 0;
        if (!EmbeddingCacheHeader.TryRead(_file, info))
        {
            // New, cut short while its header was written, or an older format: start it afresh.
            _file.SetLength(0);
            EmbeddingCacheHeader.Write(_file, info);
            _headerSize = _file.Position;
            return;
        }

        _headerSize = _file.Position;
        var record = new byte[_recordSize];
        while (_file.Length - _file.Position >= _recordSize)
        {
            _file.ReadExactly(record);
            var vector = new float[_dimensions];
            for (var d = 0; d < _dimensions; d++)
            {
                vector[d] = BinaryPrimitives.ReadSingleLittleEndian(record.AsSpan(HashSize + d * sizeof(float)));
            }

            _vectors[Convert.ToHexString(record, 0, HashSize)] = new CachedVector(vector, _appended++);
        }

        TruncatedBytes = _file.Length - _file.Position;
        if (TruncatedBytes > 0)
        {
            _file.SetLength(_file.Position);
        }
    }
}
