using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Embedding;

public class PoolEmbedderTests
{
    private static readonly EmbeddingInfo Info = new("test", "fake-model", 8, 0f);

    [Fact]
    public async Task A_second_run_with_the_same_cache_embeds_nothing()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        var first = Pool(10);
        var second = Pool(10);
        var generator = new CountingEmbeddingGenerator(8);
        var logger = new CapturingLogger();

        var run1 = await PoolEmbedder.EmbedAsync(first, generator, Info, cache, 3, 2, logger, TestContext.Current.CancellationToken);
        var callsAfterFirst = generator.Calls;
        var run2 = await PoolEmbedder.EmbedAsync(second, generator, Info, cache, 3, 2, logger, TestContext.Current.CancellationToken);

        Assert.Equal((10, 0, 4), (run1.Embedded, run1.FromCache, run1.GeneratorCalls));
        Assert.Equal((0, 10, 0), (run2.Embedded, run2.FromCache, run2.GeneratorCalls));
        Assert.Equal(4, callsAfterFirst);
        Assert.Equal(4, generator.Calls);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(run1.Pool.Messages[i].Vector.ToArray(), run2.Pool.Messages[i].Vector.ToArray());
        }

        Assert.Same(Info, run2.Pool.Embedding);
        Assert.Matches(@"^Embedded 10 messages \(0 from cache\) in \d+\.\d s with fake-model$", logger.Lines[^2]);
        Assert.Equal("Embedded 0 messages, 10 from cache (fake-model)", logger.Lines[^1]);
    }

    [Fact]
    public async Task Another_model_or_dimensions_misses_the_cache()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await PoolEmbedder.EmbedAsync(Pool(5), new CountingEmbeddingGenerator(8), Info, cache, 8, 1, new CapturingLogger(), ct);

        var otherModel = await PoolEmbedder.EmbedAsync(
            Pool(5), new CountingEmbeddingGenerator(8), Info with { Model = "other-model" }, cache, 8, 1, new CapturingLogger(), ct);
        var otherDimensions = await PoolEmbedder.EmbedAsync(
            Pool(5), new CountingEmbeddingGenerator(16), Info with { Dimensions = 16 }, cache, 8, 1, new CapturingLogger(), ct);

        Assert.Equal((5, 0), (otherModel.Embedded, otherModel.FromCache));
        Assert.Equal((5, 0), (otherDimensions.Embedded, otherDimensions.FromCache));
    }

    [Fact]
    public async Task Wrong_dimensions_from_the_generator_fail_clearly()
    {
        var pool = Pool(4);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PoolEmbedder.EmbedAsync(
            pool, new CountingEmbeddingGenerator(12), Info, null, 2, 1, new CapturingLogger(), TestContext.Current.CancellationToken));

        Assert.Contains("fake-model", error.Message);
        Assert.Contains("12 dimensions", error.Message);
        Assert.Contains("expected 8", error.Message);
        Assert.Null(pool.Embedding);
    }

    [Fact]
    public async Task Chunks_already_done_survive_a_failure()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<HttpRequestException>(() => PoolEmbedder.EmbedAsync(
            Pool(10), new CountingEmbeddingGenerator(8, failOnCall: 3), Info, cache, 2, 1, new CapturingLogger(), ct));
        var retry = new CountingEmbeddingGenerator(8);
        var result = await PoolEmbedder.EmbedAsync(Pool(10), retry, Info, cache, 2, 1, new CapturingLogger(), ct);

        Assert.Equal((6, 4), (result.Embedded, result.FromCache));
        Assert.Equal(6, retry.Inputs);
    }

    [Fact]
    public async Task Chunks_run_in_parallel_up_to_the_limit_and_equal_texts_are_embedded_once()
    {
        var messages = Enumerable.Range(0, 40).Select(i => new PoolMessage(i, $"message {i % 20}", (LogLevel)(i % 4))).ToArray();
        var pool = new MessagePool(messages);
        var generator = new CountingEmbeddingGenerator(8);

        var result = await PoolEmbedder.EmbedAsync(pool, generator, Info, null, 2, 3, new CapturingLogger(), TestContext.Current.CancellationToken);

        Assert.Equal((40, 0), (result.Embedded, result.FromCache));
        Assert.Equal(20, generator.Inputs);
        Assert.Equal(10, generator.Calls);
        Assert.InRange(generator.MaxConcurrent, 2, 3);
        Assert.All(pool.Messages, m => Assert.Equal(CountingEmbeddingGenerator.VectorFor(m.Text, 8), m.Vector.ToArray()));
    }

    [Fact]
    public async Task Embedding_returns_an_embedded_pool_and_leaves_the_pool_it_was_given_as_built()
    {
        var pool = Pool(6);

        var result = await PoolEmbedder.EmbedAsync(pool, new CountingEmbeddingGenerator(8), Info, null, 4, 1, new CapturingLogger(), TestContext.Current.CancellationToken);

        Assert.Null(pool.Embedding);
        Assert.NotSame(pool, result.Pool);
        Assert.Equal(Info, result.Pool.Embedding);
        Assert.Equal(pool.Messages.Select(m => m.Text), result.Pool.Messages.Select(m => m.Text));
        Assert.All(result.Pool.Messages, m => Assert.Equal(CountingEmbeddingGenerator.VectorFor(m.Text, 8), m.Vector.ToArray()));
        Assert.Equal(pool.ForLevel(LogLevel.Info).Count, result.Pool.ForLevel(LogLevel.Info).Count);
    }

    private static MessagePool Pool(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new PoolMessage(i, $"user {i} logged in", LogLevel.Info))]);
}
