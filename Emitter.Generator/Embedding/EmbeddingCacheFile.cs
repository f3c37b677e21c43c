using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Emitter.Generator.Embedding;

/// <summary>
/// One cache file, loaded into memory at open and appended to as vectors arrive. Format: a header
/// (<see cref="EmbeddingCacheHeader"/>), then fixed-size records of SHA-256(UTF-8 text)
/// followed by the vector as little-endian float32. A crash can only cut the last record short;
/// opening drops such a tail so later appends stay aligned. The file is locked while open, so
/// two emitters never interleave records.
/// </summary>
public sealed class EmbeddingCacheFile : IDisposable
{
    private const int HashSize = 32;

    private readonly FileStream _file;
    private readonly int _dimensions;
    private readonly int _recordSize;
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private EmbeddingCacheFile(FileStream file, int dimensions)
    {
        _file = file;
        _dimensions = dimensions;
        _recordSize = HashSize + dimensions * sizeof(float);
    }

    public string Path => _file.Name;

    public int Count
    {
        get { lock (_lock) { return _vectors.Count; } }
    }

    /// <summary>Bytes dropped at open because the last record was incomplete.</summary>
    public long TruncatedBytes { get; private set; }

    internal static EmbeddingCacheFile Open(string path, EmbeddingInfo info)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var cache = new EmbeddingCacheFile(file, info.Dimensions);
        try
        {
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
            return _vectors.TryGetValue(key, out vector!);
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
            for (var d = 0; d < _dimensions; d++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(record[(HashSize + d * sizeof(float))..], vector[d]);
            }
        }

        lock (_lock)
        {
            _file.Seek(0, SeekOrigin.End);
            _file.Write(buffer);
            _file.Flush();
            for (var i = 0; i < keys.Length; i++)
            {
                _vectors[keys[i]] = items[i].Vector;
            }
        }
    }

    public void Dispose() => _file.Dispose();

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private void Load(EmbeddingInfo info)
    {
        _file.Position = 0;
        if (!EmbeddingCacheHeader.TryRead(_file, info))
        {
            // New, cut short while its header was written, or an older format: start it afresh.
            _file.SetLength(0);
            EmbeddingCacheHeader.Write(_file, info);
            return;
        }

        var record = new byte[_recordSize];
        while (_file.Length - _file.Position >= _recordSize)
        {
            _file.ReadExactly(record);
            var vector = new float[_dimensions];
            for (var d = 0; d < _dimensions; d++)
            {
                vector[d] = BinaryPrimitives.ReadSingleLittleEndian(record.AsSpan(HashSize + d * sizeof(float)));
            }

            _vectors[Convert.ToHexString(record, 0, HashSize)] = vector;
        }

        TruncatedBytes = _file.Length - _file.Position;
        if (TruncatedBytes > 0)
        {
            _file.SetLength(_file.Position);
        }
    }
}
