using System.Security.Cryptography;
using System.Text;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The fake server's deterministic "embeddings": a unit vector seeded by the text's SHA-256.
/// Like text-embedding-3, a shortened vector is the full one cut to size and re-normalised.
/// </summary>
public static class FakeOpenAIVectors
{
    public static float[] For(string text, int nativeDimensions, int? dimensions = null)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var state = BitConverter.ToUInt64(hash);

        var vector = new float[dimensions ?? nativeDimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            // SplitMix64, the same on every platform.
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            vector[i] = (z >> 40) * (1.0f / (1 << 24)) * 2f - 1f;
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }
}
