using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Embedding;

/// <summary>The real model behind <see cref="PoolEmbedder"/>: cache, concurrency, and a rough speed.</summary>
public class LocalPoolEmbeddingTests(MiniLmFixture fixture)
{
    private static readonly string[] Services = ["auth", "orders", "payments", "inventory", "gateway"];

    [Fact]
    public async Task Embeds_a_pool_measures_the_rate_and_reuses_the_cache()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        var info = LocalMiniLmEmbeddingGenerator.Info();

        var first = await PoolEmbedder.EmbedAsync(LogLikePool(256), fixture.Generator, info, cache, 64, 2, new CapturingLogger(), ct);
        var secondPool = LogLikePool(256);
        var logger = new CapturingLogger();
        var second = await PoolEmbedder.EmbedAsync(secondPool, fixture.Generator, info, cache, 64, 2, logger, ct);

        var rate = first.Embedded / first.Elapsed.TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"all-MiniLM-L6-v2: {first.Embedded} log lines in {first.Elapsed.TotalSeconds:0.00} s = {rate:0} embeddings/s ({Environment.ProcessorCount} cores)");
        Assert.Equal((256, 0), (first.Embedded, first.FromCache));
        Assert.Equal((0, 256, 0), (second.Embedded, second.FromCache, second.GeneratorCalls));
        Assert.Equal("Embedded 0 messages, 256 from cache (all-MiniLM-L6-v2)", logger.Lines[^1]);
        Assert.All(secondPool.Messages, m => Assert.Equal(384, m.Vector.Length));
    }

    [Fact]
    public async Task Concurrent_calls_give_the_same_vectors_as_one_call()
    {
        var ct = TestContext.Current.CancellationToken;
        var texts = LogLikePool(96).Messages.Select(m => m.Text).ToArray();

        var whole = await fixture.Generator.GenerateAsync(texts, cancellationToken: ct);
        // Task.Run so the calls tokenize on different threads at once, as PoolEmbedder's do.
        var parts = await Task.WhenAll(texts.Chunk(16).Select(chunk =>
            Task.Run(() => fixture.Generator.GenerateAsync(chunk, cancellationToken: ct), ct)));

        var flattened = parts.SelectMany(p => p).ToArray();
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = whole[i].Vector.Span;
            var actual = flattened[i].Vector.Span;
            for (var d = 0; d < expected.Length; d++)
            {
                Assert.Equal(expected[d], actual[d], 1e-5f);
            }
        }
    }

    private static MessagePool LogLikePool(int count) => new([.. Enumerable.Range(0, count).Select(i => new PoolMessage(
        i,
        (i % 4) switch
        {
            0 => $"service={Services[i % 5]} request_id=req-{i:x6} status=200 latency_ms={i * 7 % 900}",
            1 => $"User {i} logged in from 10.0.{i % 255}.{i * 3 % 255}",
            2 => $"Retrying call to {Services[(i + 2) % 5]} (attempt {i % 5 + 1} of 5) | reason=timeout\tqueue_depth={i}",
            _ => $"Order {i:D6} could not be reserved: inventory for sku_{i % 97} is below the threshold of {i % 13} units",
        },
        (LogLevel)(i % 4)))]);
}
