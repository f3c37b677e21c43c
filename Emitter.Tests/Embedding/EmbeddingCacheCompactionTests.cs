using Emitter.Generator.Embedding;
using Emitter.Generator.Model;

namespace Emitter.Tests.Embedding;

/// <summary>The cache file's size bound: what compaction keeps, in what order, and that it is crash-safe.</summary>
public class EmbeddingCacheCompactionTests
{
    private static readonly EmbeddingInfo Info = new("test", "fake-model", 8, 0f);
    private const int RecordSize = 32 + 8 * sizeof(float);

    [Fact]
    public void The_pool_is_kept_then_the_newest_others_up_to_the_bound()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        long bound;
        using (var file = cache.Open(Info))
        {
            bound = file.Length + 12 * RecordSize;
            // The pool's vectors are the oldest in the file: being in use, they are kept anyway.
            file.Append(Items("pool", 5));
            file.Append(Items("a", 10));
            file.Append(Items("b", 10));
            file.Append(Items("c", 10));

            var compaction = file.CompactTo(bound, Texts("pool", 5));

            Assert.NotNull(compaction);
            Assert.Equal((35, 12, true, false), (compaction.RecordsBefore, compaction.RecordsAfter, compaction.Rewritten, compaction.PoolExceedsBound));
            Assert.Equal(bound, compaction.BytesAfter);
        }

        Assert.Equal(bound, new FileInfo(cache.PathFor(Info)).Length);
        using var reopened = cache.Open(Info);
        Assert.Equal(12, reopened.Count);
        string[] kept = [.. Texts("pool", 5), .. Texts("c", 10).Skip(3)];
        Assert.All(kept, text => Assert.True(reopened.TryGet(text, out var vector) && vector.SequenceEqual(Vector(text)), text));
        Assert.All(Texts("a", 10).Concat(Texts("b", 10)).Concat(Texts("c", 3)), text => Assert.False(reopened.TryGet(text, out _), text));
    }

    [Fact]
    public void The_kept_pool_counts_as_the_newest_at_the_next_compaction()
    {
        using var temp = new TempDirectory();
        using var file = new EmbeddingCache(temp.Path).Open(Info);
        var bound = file.Length + 10 * RecordSize;
        file.Append(Items("pool", 5));
        file.Append(Items("a", 10));
        file.CompactTo(bound, Texts("pool", 5));

        // The old pool was appended before a, but was in use at the last compaction.
        file.Append(Items("next", 5));
        file.CompactTo(bound, Texts("next", 5));

        Assert.Equal(10, file.Count);
        Assert.All(Texts("pool", 5).Concat(Texts("next", 5)), text => Assert.True(file.TryGet(text, out _), text));
        Assert.All(Texts("a", 10), text => Assert.False(file.TryGet(text, out _), text));
    }

    [Fact]
    public void A_file_within_the_bound_is_left_alone()
    {
        using var temp = new TempDirectory();
        using var file = new EmbeddingCache(temp.Path).Open(Info);
        file.Append(Items("a", 10));
        var length = file.Length;

        Assert.Null(file.CompactTo(length, Texts("b", 3)));
        Assert.Equal((10, length), (file.Count, file.Length));
    }

    [Fact]
    public void A_pool_larger_than_the_bound_is_kept_whole()
    {
        using var temp = new TempDirectory();
        using var file = new EmbeddingCache(temp.Path).Open(Info);
        var bound = file.Length + 3 * RecordSize;
        file.Append(Items("old", 4));
        file.Append(Items("pool", 6));

        var compaction = file.CompactTo(bound, Texts("pool", 6));

        Assert.NotNull(compaction);
        Assert.Equal((10, 6, true, true), (compaction.RecordsBefore, compaction.RecordsAfter, compaction.Rewritten, compaction.PoolExceedsBound));
        Assert.Equal(bound + 3 * RecordSize, compaction.PoolBytes);
        Assert.Equal(compaction.PoolBytes, file.Length);
        Assert.All(Texts("pool", 6), text => Assert.True(file.TryGet(text, out _), text));
    }

    [Fact]
    public void After_compaction_the_file_stays_locked_and_takes_appends()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        using (var file = cache.Open(Info))
        {
            file.Append(Items("a", 10));
            file.CompactTo(file.Length - RecordSize, Texts("a", 2));

            Assert.ThrowsAny<IOException>(() => cache.Open(Info));
            file.Append(Items("b", 1));
        }

        using var reopened = cache.Open(Info);
        Assert.Equal(10, reopened.Count);
        Assert.True(reopened.TryGet("b 0", out _));
        Assert.True(reopened.TryGet("a 0", out _));
        Assert.False(reopened.TryGet("a 2", out _));
        Assert.Equal([Path.GetFileName(cache.PathFor(Info))], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_temp_file_left_by_a_crashed_compaction_is_removed_and_the_cache_still_loads()
    {
        using var temp = new TempDirectory();
        var cache = new EmbeddingCache(temp.Path);
        using (var file = cache.Open(Info))
        {
            file.Append(Items("a", 10));
        }

        // As if the process died while writing the compacted copy: the rename never happened.
        var leftover = EmbeddingCacheFile.TempPathFor(cache.PathFor(Info));
        File.WriteAllBytes(leftover, [.. "EMBCACHE"u8, 1, 2, 3]);

        using var reopened = cache.Open(Info);
        Assert.Equal(10, reopened.Count);
        Assert.All(Texts("a", 10), text => Assert.True(reopened.TryGet(text, out var vector) && vector.SequenceEqual(Vector(text)), text));
        Assert.False(File.Exists(leftover));
    }

    private static string[] Texts(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix} {i}")];

    private static (string, float[])[] Items(string prefix, int count) => [.. Texts(prefix, count).Select(t => (t, Vector(t)))];

    private static float[] Vector(string text) => CountingEmbeddingGenerator.VectorFor(text, 8);
}
