namespace Emitter.Generator.Configuration;

/// <summary>
/// What each provider and model can give, so impossible dimensions are refused before
/// anything starts rather than after the first paid request.
/// </summary>
public static class EmbeddingModels
{
    private static readonly Dictionary<string, (int Max, bool Shortenable)> OpenAIModels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text-embedding-3-small"] = (1536, true),
        ["text-embedding-3-large"] = (3072, true),
        ["text-embedding-ada-002"] = (1536, false),
    };

    /// <summary>The model's dimensions: the configured value when the model can give it, else an error text.</summary>
    public static (int Dimensions, string? Problem) Resolve(EmbeddingProvider provider, string model, int? requested)
    {
        if (provider == EmbeddingProvider.Local)
        {
            if (!string.Equals(model, EmbeddingConfig.LocalModel, StringComparison.OrdinalIgnoreCase))
                return (0, $"the local provider has only {EmbeddingConfig.LocalModel}, got model '{model}'");
            return requested is null or EmbeddingConfig.LocalDimensions
                ? (EmbeddingConfig.LocalDimensions, null)
                : (0, $"the local provider ({EmbeddingConfig.LocalModel}) gives only {EmbeddingConfig.LocalDimensions} dimensions, got {requested}; use provider openai for other sizes");
        }

        if (!OpenAIModels.TryGetValue(model, out var known))
        {
            // An OpenAI-compatible server's own model: its size cannot be known here.
            return requested is > 0 ? (requested.Value, null)
                : (0, $"required for model '{model}' (its size is not known to Emitter)");
        }

        if (requested is null) return (known.Max, null);
        if (requested <= 0 || requested > known.Max)
            return (0, $"{model} gives 1 to {known.Max} dimensions, got {requested}");
        if (!known.Shortenable && requested != known.Max)
            return (0, $"{model} gives only {known.Max} dimensions, got {requested}");
        return (requested.Value, null);
    }
}
