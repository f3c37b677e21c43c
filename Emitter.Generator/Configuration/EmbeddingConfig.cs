namespace Emitter.Generator.Configuration;

public sealed record EmbeddingConfig(
    EmbeddingProvider Provider,
    string? ApiKey,
    string Model,
    int Dimensions,
    Uri? BaseUrl,
    float Jitter,
    string? CacheDirectory)
{
    /// <summary>Whether to ask the server for <see cref="Dimensions"/>: only when configured (ada-002 and many compatible servers refuse the parameter).</summary>
    public bool SendDimensions { get; init; }

    /// <summary>embedding.cache_max_mb: the size each cache file is compacted to (the current pool is always kept).</summary>
    public int CacheMaxMb { get; init; } = DefaultCacheMaxMb;

    public const int DefaultCacheMaxMb = 256;

    public const string LocalModel = "all-MiniLM-L6-v2";
    public const int LocalDimensions = 384;
    public const string OpenAIDefaultModel = "text-embedding-3-small";

    /// <summary>Never print the key: records print every property by default.</summary>
    public override string ToString() =>
        $"{Provider} {Model} ({Dimensions} dimensions){(BaseUrl is null ? "" : " at " + BaseUrl)}";
}
