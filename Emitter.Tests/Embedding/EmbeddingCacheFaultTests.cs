using System.Text;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Tests.Embedding;

/// <summary>
/// A cache that cannot be used (a directory nobody may write, a file that is not ours, one cut or
/// garbled) costs speed, never the run: the pool is embedded without it, with one warning.
/// </summary>
public class EmbeddingCacheFaultTests
{
    private static readonly EmbeddingInfo Info = new("test", "fake-model", 8, 0f);

    public static TheoryData<string, byte[]> Unreadable => new()
    {
        { "a foreign file", Encoding.UTF8.GetBytes("not a cache at all, but somebody's notes\n") },
        { "another key's header", Header(dimensions: 16) },
        { "a garbled header", [.. "EMBCACHE"u8, 1, 0, 0, 0, 8, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "a header with a negative length", [.. "EMBCACHE"u8, 1, 0, 0, 0, 8, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x0F] },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_cache_file_that_cannot_be_read_is_left_alone_and_the_pool_embedded_without_it(string because, byte[] content)
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        var path = cache.PathFor(Info);
        await File.WriteAllBytesAsync(path, content, TestContext.Current.CancellationToken);
        var logger = new CapturingLogger();

        var result = await Embed(cache, logger);

        Assert.True((10, 0) == (result.Embedded, result.FromCache), because);
        var warning = Assert.Single(logger.Warnings);
        Assert.Contains(path, warning);
        Assert.Equal(content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken)); // not ours to destroy
    }

    [Fact]
    public async Task A_directory_where_the_cache_file_should_be_is_one_warning()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        Directory.CreateDirectory(cache.PathFor(Info));
        var logger = new CapturingLogger();

        var result = await Embed(cache, logger);

        Assert.Equal(10, result.Embedded);
        Assert.Single(logger.Warnings);
    }

    [Fact]
    public async Task A_cache_directory_that_cannot_be_created_is_one_warning()
    {
        // /sys refuses new entries even to root (EPERM), unlike a chmod'ed directory.
        var cache = new EmbeddingCache("/sys/emitter-test-cache");
        var logger = new CapturingLogger();

        var result = await Embed(cache, logger);

        Assert.Equal(10, result.Embedded);
        Assert.Contains("/sys/emitter-test-cache", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task A_cache_cut_inside_its_header_is_rebuilt()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        await File.WriteAllBytesAsync(cache.PathFor(Info), Header(8)[..14], TestContext.Current.CancellationToken);

        var first = await Embed(cache, new CapturingLogger());
        var second = await Embed(cache, new CapturingLogger());

        Assert.Equal((10, 0), (first.Embedded, first.FromCache));
        Assert.Equal((0, 10), (second.Embedded, second.FromCache));
    }

    private static Task<PoolEmbeddingResult> Embed(EmbeddingCache cache, CapturingLogger logger) =>
        PoolEmbedder.EmbedAsync(
            new MessagePool([.. Enumerable.Range(0, 10).Select(i => new PoolMessage(i, $"user {i} logged in", LogLevel.Info))]),
            new CountingEmbeddingGenerator(8), Info, cache, 4, 1, logger, TestContext.Current.CancellationToken);

    private static byte[] Header(int dimensions)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("EMBCACHE"u8);
            writer.Write(1);
            writer.Write(dimensions);
            writer.Write(Info.Provider);
            writer.Write(Info.Model);
        }
        return stream.ToArray();
    }
}
