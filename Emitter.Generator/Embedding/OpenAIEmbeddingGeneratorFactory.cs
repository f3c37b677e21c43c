using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Builds the OpenAI embedding generator: the OpenAI package's <see cref="EmbeddingClient"/>
/// (one retry layer: <see cref="OpenAIRetryPolicy"/> in its pipeline, on the run's clock), adapted to
/// Microsoft.Extensions.AI, guarded (clear errors, shape checks) and batched (≤ 2,048
/// inputs per request, a few in parallel, order kept).
/// </summary>
public static class OpenAIEmbeddingGeneratorFactory
{
    /// <param name="time">The run's clock: retries wait on it (a fake one in tests).</param>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(OpenAIEmbeddingSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        var options = new OpenAIClientOptions
        {
            // The client appends "/embeddings"; a trailing slash would make it "//embeddings".
            Endpoint = new Uri(settings.EffectiveBaseUrl.AbsoluteUri.TrimEnd('/')),
            // The SDK's own loop is given no retries: ours (added below, before it) is the only one.
            RetryPolicy = OpenAIRetryPolicy.NoRetries,
            NetworkTimeout = settings.RequestTimeout,
            UserAgentApplicationId = "emitter",
        };
        options.AddPolicy(new OpenAIRetryPolicy(settings.MaxRetries, settings.InitialRetryDelay, settings.MaxRetryDelay, time),
            PipelinePosition.PerCall);

        var client = new EmbeddingClient(settings.Model, new ApiKeyCredential(settings.ApiKey), options);
        var adapted = client.AsIEmbeddingGenerator(settings.Dimensions);
        var guarded = new OpenAIGuardEmbeddingGenerator(adapted, settings);
        return new BatchingEmbeddingGenerator(guarded, settings.MaxInputsPerRequest, settings.Parallelism);
    }
}
