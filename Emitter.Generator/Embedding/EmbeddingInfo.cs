namespace Emitter.Generator.Embedding;

/// <summary>What produced a pool's vectors. Vectors of different models never mix, so sinks keep this with the data.</summary>
public sealed record EmbeddingInfo(string Provider, string Model, int Dimensions, float Jitter);
