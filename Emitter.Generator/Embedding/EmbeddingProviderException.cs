namespace Emitter.Generator.Embedding;

/// <summary>
/// A remote embedding provider refused or failed a request in a way the caller must act on
/// (bad key, unknown model, unreachable endpoint, retries exhausted). The message is written
/// for the person running the tool and never contains the API key or any part of it.
/// </summary>
public sealed class EmbeddingProviderException : Exception
{
    public EmbeddingProviderException()
    {
    }

    public EmbeddingProviderException(string message)
        : base(message)
    {
    }

    public EmbeddingProviderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public EmbeddingProviderException(string message, int statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The last HTTP status the provider answered with; null when no response arrived.</summary>
    public int? StatusCode { get; }
}
