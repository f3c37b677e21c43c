namespace Emitter.Generator.Configuration;

public enum EmbeddingProvider
{
    /// <summary>all-MiniLM-L6-v2 in process: the offline default.</summary>
    Local,

    /// <summary>OpenAI or an OpenAI-compatible server.</summary>
    OpenAI,
}
