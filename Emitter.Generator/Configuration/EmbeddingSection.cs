namespace Emitter.Generator.Configuration;

/// <summary>The <c>embedding</c> block: provider, model, dimensions and where vectors come from.</summary>
internal static class EmbeddingSection
{
    public static EmbeddingConfig Read(YamlMap? map, string file)
    {
        if (map is null)
            return new EmbeddingConfig(EmbeddingProvider.Local, null, EmbeddingConfig.LocalModel, EmbeddingConfig.LocalDimensions, null, 0.01f, null);

        map.OnlyKeys("provider", "api_key", "model", "dimensions", "base_url", "jitter", "cache_dir", "cache_max_mb");
        var apiKey = map.String("api_key") is { Length: > 0 } key ? key : null;
        var provider = map.String("provider")?.Trim().ToLowerInvariant() switch
        {
            null or "" => apiKey is null ? EmbeddingProvider.Local : EmbeddingProvider.OpenAI,
            "local" => EmbeddingProvider.Local,
            "openai" => EmbeddingProvider.OpenAI,
            _ => throw map.Error("provider", $"unknown provider {map.Shown("provider")} (expected local or openai)"),
        };

        Uri? baseUrl = null;
        if (map.String("base_url") is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https")))
            throw map.Error("base_url", $"expected an http(s) URL, got {(url.Contains('@') ? SinkUrls.Quote(url) : map.Shown("base_url"))}");

        if (provider == EmbeddingProvider.OpenAI && apiKey is null && baseUrl is null)
            throw map.Error("api_key", "provider openai needs an API key (set OPENAI_API_KEY, or use provider local)");

        var model = map.String("model") is { Length: > 0 } m ? m
            : provider == EmbeddingProvider.Local ? EmbeddingConfig.LocalModel : EmbeddingConfig.OpenAIDefaultModel;
        var (dimensions, problem) = EmbeddingModels.Resolve(provider, model, map.Int("dimensions"));
        if (problem is not null)
            throw map.Node("dimensions") is null && map.Node("model") is not null ? map.Error("model", problem) : map.Error("dimensions", problem);

        var jitter = map.Double("jitter") ?? 0.01;
        if (jitter is < 0 or >= 1)
            throw map.Error("jitter", $"must be from 0 (off) to below 1, got {jitter}");

        return new EmbeddingConfig(provider, apiKey, model, dimensions, baseUrl, (float)jitter, map.String("cache_dir"))
        {
            SendDimensions = provider == EmbeddingProvider.OpenAI && map.Int("dimensions") is not null,
            CacheMaxMb = ConfigLoader.Positive(map, "cache_max_mb", EmbeddingConfig.DefaultCacheMaxMb),
        };
    }
}
