using Emitter.Generator.Embedding;
using Emitter.Generator.Model;

namespace Emitter.Tests.Embedding;

public class EmbeddingCacheTests
{
    private static readonly EmbeddingInfo Info = new("test", "fake-model", 8, 0f);

    [Fact]
    public void Vectors_survive_reopening()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        var vector = CountingEmbeddingGenerator.VectorFor("disk full", 8);

        using (var file = cache.Open(Info))
        {
            file.Append([("disk full", vector)]);
            Assert.True(file.TryGet("disk full", out _));
        }

        using var reopened = cache.Open(Info);
        Assert.Equal(1, reopened.Count);
        Assert.True(reopened.TryGet("disk full", out var read));
        Assert.Equal(vector, read);
        Assert.False(reopened.TryGet("disk full ", out _));
    }

    [Fact]
    public void A_truncated_last_record_is_dropped_and_appending_goes_on()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        using (var file = cache.Open(Info))
        {
            file.Append([("a", Vector("a")), ("b", Vector("b")), ("c", Vector("c"))]);
        }

        // As if the process died in the middle of writing "c".
        var path = cache.PathFor(Info);
        using (var stream = File.OpenWrite(path))
        {
            stream.SetLength(stream.Length - 5);
        }

        using (var file = cache.Open(Info))
        {
            Assert.Equal(2, file.Count);
            Assert.Equal(32 + 8 * 4 - 5, file.TruncatedBytes);
            Assert.False(file.TryGet("c", out _));
            file.Append([("c", Vector("c"))]);
        }

        using var reopened = cache.Open(Info);
        Assert.Equal(3, reopened.Count);
        Assert.Equal(0, reopened.TruncatedBytes);
        Assert.True(reopened.TryGet("c", out var c));
        Assert.Equal(Vector("c"), c);
    }

    [Fact]
    public void Provider_model_and_dimensions_each_get_their_own_file()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        EmbeddingInfo[] infos =
        [
            Info, Info with { Model = "other-model" }, Info with { Dimensions = 16 }, Info with { Provider = "openai" },
        ];

        Assert.Equal(infos.Length, infos.Select(cache.PathFor).Distinct().Count());
        Assert.Equal(cache.PathFor(Info), cache.PathFor(Info with { Jitter = 0.05f }));
        Assert.StartsWith("test_fake-model_8_", Path.GetFileName(cache.PathFor(Info)));
    }

    [Fact]
    public void An_open_file_is_locked_against_a_second_writer()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);

        using var first = cache.Open(Info);
        Assert.ThrowsAny<IOException>(() => cache.Open(Info));
    }

    [Fact]
    public void A_vector_of_other_dimensions_is_refused()
    {
        using var temp = new TempDirectory();
        using var file = new EmbeddingCache(temp.Path).Open(Info);

        Assert.Throws<ArgumentException>(() => file.Append([("x", new float[3])]));
    }

    [Theory]
    [InlineData("/explicit", "/xdg", "/explicit")]
    [InlineData(null, "/xdg", "/xdg/emitter")]
    [InlineData(null, null, "/home/me/.cache/emitter")]
    [InlineData("", "", "/home/me/.cache/emitter")]
    public void Default_directory_follows_the_environment(string? emitterCacheDir, string? xdgCacheHome, string expected)
    {
        var environment = new Dictionary<string, string?> { ["EMITTER_CACHE_DIR"] = emitterCacheDir, ["XDG_CACHE_HOME"] = xdgCacheHome };

        Assert.Equal(expected, EmbeddingCache.ResolveDirectory(name => environment.GetValueOrDefault(name), "/home/me"));
    }

    private static float[] Vector(string text) => CountingEmbeddingGenerator.VectorFor(text, 8);
}
