using System.Text;
using Emitter.Generator.Model;

namespace Emitter.Generator.Embedding;

/// <summary>A cache file's header: magic, format version, then the key (dimensions, provider, model).</summary>
internal static class EmbeddingCacheHeader
{
    private const int Version = 1;
    private static readonly byte[] Magic = "EMBCACHE"u8.ToArray();

    /// <summary>
    /// True when a complete header of this version for this key is at the stream's position; false
    /// for an empty, cut-short or older-version file (the caller starts it afresh).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a cache file, or one for another key.</exception>
    public static bool TryRead(Stream stream, EmbeddingInfo info)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                if (stream.Length < Magic.Length)
                {
                    return false;
                }

                throw new InvalidDataException($"{Name(stream)} is not an embedding cache file; delete it or use another cache directory.");
            }

            if (reader.ReadInt32() != Version)
            {
                return false;
            }

            var (dimensions, provider, model) = (reader.ReadInt32(), reader.ReadString(), reader.ReadString());
            if (dimensions != info.Dimensions || provider != info.Provider || model != info.Model)
            {
                throw new InvalidDataException(
                    $"Embedding cache {Name(stream)} holds {provider}/{model} ({dimensions} dimensions), not {info.Provider}/{info.Model} ({info.Dimensions}); delete it.");
            }

            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    public static void Write(Stream stream, EmbeddingInfo info)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(info.Dimensions);
        writer.Write(info.Provider);
        writer.Write(info.Model);
        writer.Flush();
    }

    private static string Name(Stream stream) => stream is FileStream file ? file.Name : "The stream";
}
