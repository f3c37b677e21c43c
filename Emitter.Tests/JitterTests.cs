using Emitter.Generator.Embedding;

namespace Emitter.Tests;

public class JitterTests
{
    [Fact]
    public void Same_id_gives_same_vector_and_noise_stays_within_bound()
    {
        float[] source = [0.5f, -0.25f, 1f, 0f, 2f];
        var id = Guid.CreateVersion7();

        var first = EmbeddingJitter.Apply(source, id, 0.01f);
        var second = EmbeddingJitter.Apply(source, id, 0.01f);
        var other = EmbeddingJitter.Apply(source, Guid.CreateVersion7(), 0.01f);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        for (var i = 0; i < source.Length; i++)
        {
            Assert.InRange(first[i] - source[i], -0.01f * Math.Abs(source[i]) - 1e-7f, 0.01f * Math.Abs(source[i]) + 1e-7f);
        }
        Assert.NotEqual(source, first);
    }

    [Fact]
    public void Zero_jitter_copies_the_vector()
    {
        float[] source = [0.5f, -0.25f, 1f];
        Assert.Equal(source, EmbeddingJitter.Apply(source, Guid.NewGuid(), 0f));
    }
}
