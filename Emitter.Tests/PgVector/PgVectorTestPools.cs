using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.PgVector;

/// <summary>The real vocabulary's messages with seeded random unit vectors: distinct directions, no model to load.</summary>
public static class PgVectorTestPools
{
    public static MessagePool Build(int size, int dimensions, string model = "random-unit", ulong seed = 7) =>
        WithRandomVectors(MessagePoolBuilder.Build(size, seed), dimensions, model, seed);

    public static MessagePool WithRandomVectors(MessagePool pool, int dimensions, string model = "random-unit", ulong seed = 7)
    {
        var random = new Random((int)seed);
        foreach (var message in pool.Messages)
        {
            var vector = new float[dimensions];
            for (var i = 0; i < dimensions; i++) vector[i] = (float)(random.NextDouble() * 2 - 1);
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            for (var i = 0; i < dimensions; i++) vector[i] /= norm;
            message.Vector = vector;
        }
        return pool.WithEmbedding(new EmbeddingInfo("test", model, dimensions, 0.01f));
    }
}
