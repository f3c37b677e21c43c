using System.Text;

namespace Emitter.Generator.Embedding;

/// <summary>
/// How to reach an OpenAI (or OpenAI-compatible) embeddings endpoint. Maps one to one onto
/// the <c>embedding</c> config section: api_key, model, dimensions, base_url.
/// </summary>
public sealed record OpenAIEmbeddingSettings
{
    /// <summary>OpenAI's hard limit on inputs in one /embeddings request.</summary>
    public const int OpenAIMaxInputsPerRequest = 2048;

    public static Uri DefaultBaseUrl { get; } = new("https://api.openai.com/v1");

    public required string ApiKey { get; init; }

    public required string Model { get; init; }

    /// <summary>Sent as <c>dimensions</c> when set (text-embedding-3 models shorten their vectors).</summary>
    public int? Dimensions { get; init; }

    /// <summary>API root including the version segment, e.g. http://localhost:8080/v1; null means OpenAI.</summary>
    public Uri? BaseUrl { get; init; }

    public int MaxInputsPerRequest { get; init; } = OpenAIMaxInputsPerRequest;

    /// <summary>Requests in flight at once when a call is split.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Retries per request for 408/429/5xx and network failures (so MaxRetries + 1 attempts).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First backoff when the server gives no Retry-After; doubles each retry.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on any single wait, Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Per attempt, not per call.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    public Uri EffectiveBaseUrl => BaseUrl ?? DefaultBaseUrl;

    /// <summary>The base URL fit for messages and logs: no user info, no query.</summary>
    public string DisplayBaseUrl => EffectiveBaseUrl.GetComponents(
        UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    // Records print every property; the key must never reach a log line.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"ApiKey = ***, Model = {Model}, Dimensions = {Dimensions}, BaseUrl = {DisplayBaseUrl}, ");
        builder.Append($"MaxInputsPerRequest = {MaxInputsPerRequest}, Parallelism = {Parallelism}, MaxRetries = {MaxRetries}");
        return true;
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new EmbeddingProviderException(
                $"OpenAI embeddings need an API key and none was given (base URL {DisplayBaseUrl}). " +
                "Set embedding.api_key or the OPENAI_API_KEY environment variable.");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new EmbeddingProviderException(
                "OpenAI embeddings need a model name. Set embedding.model (e.g. text-embedding-3-small).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Dimensions ?? 1, 1, nameof(Dimensions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInputsPerRequest, 1, nameof(MaxInputsPerRequest));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInputsPerRequest, OpenAIMaxInputsPerRequest, nameof(MaxInputsPerRequest));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        if (BaseUrl is { IsAbsoluteUri: false } || BaseUrl is { Scheme: not ("http" or "https") })
        {
            // Only the scheme is echoed: a malformed URL may still carry credentials.
            var what = BaseUrl.IsAbsoluteUri ? $"a {BaseUrl.Scheme}: URL" : "a relative URL";
            throw new EmbeddingProviderException(
                $"embedding.base_url must be an absolute http(s) URL such as https://api.openai.com/v1, not {what}.");
        }
    }
}
