using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Microsoft.Extensions.AI;

namespace Emitter.Tests.Embedding;

public class LocalMiniLmEmbeddingGeneratorTests(MiniLmFixture fixture)
{
    private readonly LocalMiniLmEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task Reproduces_the_published_vector()
    {
        var embedding = await _generator.GenerateVectorAsync(
            "This is an example sentence", cancellationToken: TestContext.Current.CancellationToken);

        // all-MiniLM-L6-v2's model card / sentence-transformers output.
        float[] published = [0.0676569f, 0.0634959f, 0.0487131f, 0.0793049f];
        Assert.Equal(384, embedding.Length);
        for (var i = 0; i < published.Length; i++)
        {
            Assert.Equal(published[i], embedding.Span[i], 1e-5f);
        }

        Assert.Equal(1.0, Math.Sqrt(embedding.ToArray().Sum(x => (double)x * x)), 1e-5);
    }

    [Fact]
    public async Task Batching_and_order_do_not_change_vectors()
    {
        var ct = TestContext.Current.CancellationToken;
        // 40 texts of mixed lengths: two internal batches, sorted by length inside.
        var texts = Enumerable.Range(0, 40)
            .Select(i => i % 3 == 0 ? $"request {i} failed" : $"user {i} logged in from a very long host name number {i * 7}")
            .ToArray();

        var together = await _generator.GenerateAsync(texts, cancellationToken: ct);
        var alone = await _generator.GenerateVectorAsync(texts[17], cancellationToken: ct);

        Assert.Equal(texts.Length, together.Count);
        var fromBatch = together[17].Vector.ToArray();
        for (var d = 0; d < 384; d++)
        {
            Assert.Equal(alone.Span[d], fromBatch[d], 1e-5f);
        }
    }

    [Fact]
    public void Log_punctuation_and_tabs_become_tokens()
    {
        var vocabulary = MiniLmResources.Load().Vocabulary.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();

        var tokens = _generator.Encode("level=ERROR\tuser_id=42 | status=ok\nnext")
            .Select(id => vocabulary[id])
            .ToArray();

        // Microsoft.ML.Tokenizers drops =, _ and | and glues words at tabs; this must not.
        string[] expected = ["[CLS]", "level", "=", "error", "user", "_", "id", "=", "42", "|", "status", "=", "ok", "next", "[SEP]"];
        Assert.Equal(expected, tokens);
    }

    [Fact]
    public void Tokenizing_is_thread_safe()
    {
        var texts = Enumerable.Range(0, 2000)
            .Select(i => $"request_id=req-{i:x6}\tuser_{i % 37} | status={(i % 5 == 0 ? "500" : "ok")} path=/api/v{i % 3}/orders")
            .ToArray();
        var sequential = texts.Select(_generator.Encode).ToArray();

        var parallel = new long[texts.Length][];
        Parallel.For(0, texts.Length, i => parallel[i] = _generator.Encode(texts[i]));

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public async Task Long_texts_are_truncated_not_rejected()
    {
        var text = string.Join(' ', Enumerable.Repeat("timeout while calling inventory", 200));

        var embedding = await _generator.GenerateVectorAsync(text, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(256, _generator.Encode(text).Length);
        Assert.Equal(384, embedding.Length);
    }

    [Fact]
    public void Describes_itself()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("local", metadata.ProviderName);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Equal(new EmbeddingInfo("local", "all-MiniLM-L6-v2", 384, 0f), LocalMiniLmEmbeddingGenerator.Info());
    }
}
