using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Embedding;

/// <summary>Gives the pool its vectors with the configured provider, through the on-disk cache.</summary>
public static class PoolEmbedding
{
    /// <returns>The embedded pool (its <see cref="MessagePool.Embedding"/> says by what).</returns>
    /// <param name="time">The run's clock: the OpenAI client's retries wait on it.</param>
    public static async Task<MessagePool> EmbedAsync(EmbeddingConfig config, MessagePool pool, ILogger logger, CancellationToken cancellationToken,
        TimeProvider? time = null)
    {
        var info = new EmbeddingInfo(
            config.Provider == EmbeddingProvider.Local ? LocalMiniLmEmbeddingGenerator.Provider : "openai",
            config.Model, config.Dimensions, config.Jitter);
        var cache = new EmbeddingCache(config.CacheDirectory ?? EmbeddingCache.DefaultDirectory, config.CacheMaxMb * EmbeddingCache.BytesPerMb);
        using var generator = new DeferredEmbeddingGenerator(() => Create(config, time ?? TimeProvider.System));

        // Local: chunks small enough for a progress line every second or so, one at a time (each
        // model run uses every core). OpenAI: the API's 2,048 inputs per request, a few at once.
        var (chunkSize, parallelism) = config.Provider == EmbeddingProvider.Local ? (256, 1) : (OpenAIEmbeddingSettings.OpenAIMaxInputsPerRequest, 4);
        var result = await PoolEmbedder.EmbedAsync(pool, generator, info, cache, chunkSize, parallelism, logger, cancellationToken).ConfigureAwait(false);
        return result.Pool;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingConfig config, TimeProvider time) => config.Provider switch
    {
        EmbeddingProvider.Local => new LocalMiniLmEmbeddingGenerator(),
        _ => OpenAIEmbeddingGeneratorFactory.Create(new OpenAIEmbeddingSettings
        {
            // OpenAI-compatible servers may want no key, but the client needs a non-empty one.
            ApiKey = config.ApiKey ?? "no-key",
            Model = config.Model,
            Dimensions = config.SendDimensions ? config.Dimensions : null,
            BaseUrl = config.BaseUrl,
        }, time),
    };
}
