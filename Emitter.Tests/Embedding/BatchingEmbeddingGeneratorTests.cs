using Emitter.Generator.Embedding;
using Microsoft.Extensions.AI;

namespace Emitter.Tests.Embedding;

public class BatchingEmbeddingGeneratorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_small_call_passes_through_as_one_request()
    {
        using var inner = new LengthEmbeddingGenerator();
        using var generator = new BatchingEmbeddingGenerator(inner, 10, 4);

        var embeddings = await generator.GenerateAsync(["a", "bb", "ccc"], cancellationToken: Token);

        Assert.Equal([3], inner.CallSizes);
        Assert.Equal([1f, 2f, 3f], embeddings.Select(e => e.Vector.Span[0]));
    }

    [Fact]
    public async Task The_first_failure_surfaces_as_itself()
    {
        using var inner = new LengthEmbeddingGenerator { FailOnCall = 2 };
        using var generator = new BatchingEmbeddingGenerator(inner, 10, 2);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(Enumerable.Repeat("x", 100), cancellationToken: Token));

        Assert.Equal("call 2 failed", failure.Message);
    }

    /// <summary>A hand-written stand-in: each vector is [text length]; optionally one call throws.</summary>
    private sealed class LengthEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _calls;

        public int FailOnCall { get; init; }

        public List<int> CallSizes { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref _calls);
            var inputs = values.ToArray();
            lock (CallSizes)
            {
                CallSizes.Add(inputs.Length);
            }

            if (call == FailOnCall)
            {
                throw new EmbeddingProviderException($"call {call} failed");
            }

            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(
                inputs.Select(text => new Embedding<float>(new[] { (float)text.Length }))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
