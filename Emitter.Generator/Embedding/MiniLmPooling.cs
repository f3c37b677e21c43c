namespace Emitter.Generator.Embedding;

/// <summary>sentence-transformers' head for all-MiniLM-L6-v2: mean over real tokens, then L2 normalisation.</summary>
internal static class MiniLmPooling
{
    public static float[][] MeanPoolNormalize(ReadOnlySpan<float> hidden, long[] attentionMask, int count, int length, int dimensions)
    {
        var result = new float[count][];
        for (var row = 0; row < count; row++)
        {
            var vector = new float[dimensions];
            var tokens = 0;
            for (var t = 0; t < length; t++)
            {
                if (attentionMask[row * length + t] == 0)
                {
                    continue;
                }

                tokens++;
                var state = hidden.Slice((row * length + t) * dimensions, dimensions);
                for (var d = 0; d < dimensions; d++)
                {
                    vector[d] += state[d];
                }
            }

            // Same clamps as sentence-transformers (1e-9 tokens, 1e-12 norm).
            var scale = 1f / Math.Max(tokens, 1e-9f);
            var norm = 0d;
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] *= scale;
                norm += vector[d] * (double)vector[d];
            }

            var inverse = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] *= inverse;
            }

            result[row] = vector;
        }

        return result;
    }
}
