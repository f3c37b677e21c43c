using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Embedding;

/// <summary>embedding.cache_max_mb as a run sees it: the file is compacted after the pool is embedded.</summary>
public class PoolEmbedderCacheBoundTests
{
    // 64 KiB vectors, so a 1 MB bound holds 15 records and the logged sizes are readable.
    private const int Dimensions = 16_384;
    private static readonly EmbeddingInfo Info = new("test", "fake-model", Dimensions, 0f);

    [Fact]
    public async Task A_cache_over_its_bound_keeps_the_pool_and_the_newest_others()
    {
        using var temp = new TempDirectory();
        await Embed(Pool("a", 10), new EmbeddingCache(temp.Path), new CapturingLogger());
        await Embed(Pool("b", 10), new EmbeddingCache(temp.Path), new CapturingLogger());
        var bounded = new EmbeddingCache(temp.Path, EmbeddingCache.BytesPerMb);
        var logger = new CapturingLogger();

        await Embed(Pool("d", 10), bounded, logger);
        var again = await Embed(Pool("d", 10), bounded, new CapturingLogger());

        Assert.Matches(@"^Embedding cache compacted to its 1\.0 MB bound: 30 records, 1\.9 MB -> 15 records, 0\.9 MB \(/.+\.vec\)$", logger.Lines[^1]);
        Assert.Empty(logger.Warnings);
        Assert.InRange(new FileInfo(bounded.PathFor(Info)).Length, 1, EmbeddingCache.BytesPerMb);
        Assert.Equal((0, 10, 0), (again.Embedded, again.FromCache, again.GeneratorCalls));
        using var file = bounded.Open(Info);
        Assert.Equal(15, file.Count);
        Assert.All(Texts("b", 10).Skip(5), text => Assert.True(file.TryGet(text, out _), text));
        Assert.All(Texts("a", 10).Concat(Texts("b", 5)), text => Assert.False(file.TryGet(text, out _), text));
    }

    [Fact]
    public async Task A_pool_larger_than_the_bound_is_kept_whole_with_one_warning()
    {
        using var temp = new TempDirectory();
        var bounded = new EmbeddingCache(temp.Path, EmbeddingCache.BytesPerMb);
        await Embed(Pool("old", 3), bounded, new CapturingLogger());
        var logger = new CapturingLogger();

        await Embed(Pool("pool", 20), bounded, logger);
        var again = await Embed(Pool("pool", 20), bounded, new CapturingLogger());

        Assert.Equal("Embedding cache compacted to its 1.0 MB bound: 23 records, 1.4 MB -> 20 records, 1.3 MB (" + bounded.PathFor(Info) + ")", logger.Lines[^2]);
        var warning = Assert.Single(logger.Warnings);
        Assert.Equal($"Embedding cache {bounded.PathFor(Info)}: the current pool's vectors alone take 1.3 MB, more than embedding.cache_max_mb (1.0 MB); kept them all", warning);
        Assert.Equal((0, 20), (again.Embedded, again.FromCache));
    }

    private static Task<PoolEmbeddingResult> Embed(MessagePool pool, EmbeddingCache cache, CapturingLogger logger) =>
        PoolEmbedder.EmbedAsync(pool, new CountingEmbeddingGenerator(Dimensions), Info, cache, 10, 1, logger, TestContext.Current.CancellationToken);

    private static string[] Texts(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix} {i}")];

    private static MessagePool Pool(string prefix, int count) =>
        new([.. Texts(prefix, count).Select((text, i) => new PoolMessage(i, text, LogLevel.Info))]);
}
