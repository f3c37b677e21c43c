using System.ClientModel;
using Microsoft.Extensions.AI;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Sits right above the OpenAI adapter: translates client failures into
/// <see cref="EmbeddingProviderException"/> and checks the answer has one vector per input
/// of the configured size, so a misbehaving compatible server cannot mix vector shapes.
/// </summary>
internal sealed class OpenAIGuardEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> inner, OpenAIEmbeddingSettings settings)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyCollection<string> ?? values.ToArray();
        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException failure) when (failure.Status != 0)
        {
            throw OpenAIFailureTranslator.FromResponse(failure, settings);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested && IsTimeout(failure))
        {
            throw OpenAIFailureTranslator.TimedOut(settings);
        }
        catch (Exception failure) when (failure is ClientResultException or AggregateException or HttpRequestException)
        {
            throw OpenAIFailureTranslator.Unreachable(failure, settings);
        }

        Check(result, inputs.Count, options?.Dimensions ?? settings.Dimensions);
        return result;
    }

    private void Check(GeneratedEmbeddings<Embedding<float>> result, int inputCount, int? dimensions)
    {
        if (result.Count != inputCount)
        {
            throw OpenAIFailureTranslator.WrongShape(
                $"returned {result.Count} vectors for {inputCount} inputs.", settings);
        }

        if (dimensions is { } expected && result.FirstOrDefault(e => e.Vector.Length != expected) is { } odd)
        {
            throw OpenAIFailureTranslator.WrongShape(
                $"returned {odd.Vector.Length}-dimensional vectors where {expected} were asked for; " +
                "the server ignores 'dimensions'. Remove embedding.dimensions or use a model that supports it.", settings);
        }
    }

    private static bool IsTimeout(Exception failure) =>
        failure is OperationCanceledException
        || (failure is AggregateException && OpenAIFailureTranslator.Find<OperationCanceledException>(failure) is not null);
}
