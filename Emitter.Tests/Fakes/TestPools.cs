using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Fakes;

/// <summary>Small pools with known vectors, for tests that do not need the real vocabulary or model.</summary>
public static class TestPools
{
    public static MessagePool Small(int perLevel = 5, int dimensions = 8)
    {
        var messages = new List<PoolMessage>();
        foreach (var level in LogLevels.All)
        {
            for (var i = 0; i < perLevel; i++)
            {
                var message = new PoolMessage(messages.Count, $"{level.Name()} message {i}", level);
                var vector = new float[dimensions];
                vector[messages.Count % dimensions] = 1;
                message.Vector = vector;
                messages.Add(message);
            }
        }
        return new MessagePool(messages) { Embedding = new EmbeddingInfo("test", "one-hot", dimensions, 0.01f) };
    }
}
