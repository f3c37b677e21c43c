using System.Globalization;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Gives every pool message its vector and returns the embedded pool: from the cache where it can, from the generator otherwise,
/// in chunks that run <c>parallelism</c> at a time and are written to the cache as each arrives,
/// so an interrupted run keeps what it had done.
/// </summary>
public static class PoolEmbedder
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public static async Task<PoolEmbeddingResult> EmbedAsync(
        MessagePool pool,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        EmbeddingInfo info,
        EmbeddingCache? cache,
        int chunkSize,
        int parallelism,
        ILogger logger,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);

        var cacheFile = OpenCache(cache, info, logger);
        using var cacheLease = cacheFile;
        // Equal texts share one vector and one generator input.
        var missing = new List<PoolMessage[]>();
        var fromCache = 0;
        foreach (var group in pool.Messages.GroupBy(m => m.Text, StringComparer.Ordinal))
        {
            if (cacheFile is not null && cacheFile.TryGet(group.Key, out var vector))
            {
                foreach (var message in group)
                {
                    message.Vector = vector;
                }

                fromCache += group.Count();
            }
            else
            {
                missing.Add([.. group]);
            }
        }

        var toEmbed = missing.Sum(g => g.Length);
        var progress = new EmbeddingProgress(logger, toEmbed, ProgressInterval);
        var calls = 0;
        if (missing.Count > 0)
        {
            PoolEmbedderLog.Starting(logger, EmbeddingProgress.Format(pool.Messages.Count), EmbeddingProgress.Format(fromCache),
                EmbeddingProgress.Format(toEmbed), info.Provider, info.Model);
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(missing.Chunk(chunkSize), options, async (chunk, ct) =>
            {
                Interlocked.Increment(ref calls);
                var vectors = await EmbedChunkAsync(generator, info, chunk, ct).ConfigureAwait(false);
                if (Volatile.Read(ref cacheFile) is { } writable && TryAppend(writable, [.. chunk.Select((group, i) => (group[0].Text, vectors[i]))]) is { } problem
                    && Interlocked.Exchange(ref cacheFile, null) is not null)
                {
                    // A full or vanished disk: the vectors are in memory and the run goes on; one warning, no more writes.
                    PoolEmbedderLog.CacheUnavailable(logger, writable.Path, problem);
                }
                for (var i = 0; i < chunk.Length; i++)
                {
                    foreach (var message in chunk[i])
                    {
                        message.Vector = vectors[i];
                    }
                }

                progress.Add(chunk.Sum(g => g.Length));
            }).ConfigureAwait(false);
        }

        var fromCacheText = EmbeddingProgress.Format(fromCache);
        if (toEmbed == 0)
        {
            PoolEmbedderLog.AllCached(logger, fromCacheText, info.Model);
        }
        else
        {
            var seconds = progress.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            PoolEmbedderLog.Finished(logger, EmbeddingProgress.Format(toEmbed), fromCacheText, seconds, info.Model);
        }

        if (cache is not null && cacheFile is not null)
        {
            EmbeddingCacheLimit.Apply(cacheFile, pool.Messages.Select(m => m.Text), cache.MaxBytes, logger);
        }

        return new PoolEmbeddingResult(pool.WithEmbedding(info), toEmbed, fromCache, calls, progress.Elapsed);
    }

    private static async Task<float[][]> EmbedChunkAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        EmbeddingInfo info,
        PoolMessage[][] chunk,
        CancellationToken cancellationToken)
    {
        var embeddings = await generator.GenerateAsync(chunk.Select(g => g[0].Text), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (embeddings.Count != chunk.Length)
        {
            throw new InvalidOperationException(
                $"Embedding model {info.Model} returned {embeddings.Count} vectors for {chunk.Length} texts.");
        }

        var vectors = new float[chunk.Length][];
        for (var i = 0; i < vectors.Length; i++)
        {
            var vector = embeddings[i].Vector;
            if (vector.Length != info.Dimensions)
            {
                throw new InvalidOperationException(
                    $"Embedding model {info.Model} ({info.Provider}) returned vectors of {vector.Length} dimensions; expected {info.Dimensions}. Set the configured dimensions to the model's.");
            }

            vectors[i] = vector.ToArray();
        }

        return vectors;
    }

    /// <summary>Null when written, else why not.</summary>
    private static string? TryAppend(EmbeddingCacheFile file, IReadOnlyList<(string Text, float[] Vector)> items)
    {
        try
        {
            file.Append(items);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static EmbeddingCacheFile? OpenCache(EmbeddingCache? cache, EmbeddingInfo info, ILogger logger)
    {
        if (cache is null)
        {
            return null;
        }

        try
        {
            var file = cache.Open(info);
            if (file.TruncatedBytes > 0)
            {
                PoolEmbedderLog.Truncated(logger, file.Path, file.TruncatedBytes);
            }

            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or NotSupportedException)
        {
            // Another emitter holds it, the disk refuses, or the file is not ours or garbled (left
            // alone: it may be someone's): slower, but still correct.
            PoolEmbedderLog.CacheUnavailable(logger, cache.PathFor(info), e.Message);
            return null;
        }
    }
}
