using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Performance;

/// <summary>A real pool from the vocabulary with random unit vectors: the pipeline's cost does not depend on which model made them.</summary>
public static class BenchmarkPools
{
    public static MessagePool Create(int size, int dimensions, ulong seed = 42)
    {
        var pool = MessagePoolBuilder.Build(size, seed);
        var random = new Random(1);
        foreach (var message in pool.Messages)
        {
            var vector = new float[dimensions];
            for (var i = 0; i < vector.Length; i++) vector[i] = (float)(random.NextDouble() * 2 - 1);
            message.Vector = vector;
        }
        return pool.WithEmbedding(new EmbeddingInfo("benchmark", "random", dimensions, 0.01f));
    }
}
