namespace Emitter.Generator.Embedding;

/// <summary>How a pool got its vectors: messages embedded now, messages found in the cache.</summary>
public sealed record PoolEmbeddingResult(int Embedded, int FromCache, int GeneratorCalls, TimeSpan Elapsed);
