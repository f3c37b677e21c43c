namespace Emitter.Generator.Model;

/// <summary>What produced a pool's vectors. Vectors of different models never mix, so sinks keep this with the data.</summary>
public sealed record EmbeddingInfo(string Provider, string Model, int Dimensions, float Jitter)
{
    /// <summary>A run none of whose sinks writes vectors: the pool is not embedded and no model is loaded.</summary>
    public static EmbeddingInfo None { get; } = new("none", "none", 0, 0);

    /// <summary>How the summary and log name a run that embedded nothing because its store sinks are all keyword-only.</summary>
    public const string NoneReason = "none (no sink writes vectors: every store sink has index_mode: keyword)";

    /// <summary>How they name one that embedded nothing because it has no store sink at all (stdout alone, say).</summary>
    public const string NoStoreSinkReason = "none (no sink writes vectors: no store sink, and no stdout sink has include_embedding: true)";
}
