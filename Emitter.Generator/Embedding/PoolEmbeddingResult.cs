using Emitter.Generator.Model;

namespace Emitter.Generator.Embedding;

/// <summary>The embedded pool, and how it got its vectors: messages embedded now, messages found in the cache.</summary>
public sealed record PoolEmbeddingResult(MessagePool Pool, int Embedded, int FromCache, int GeneratorCalls, TimeSpan Elapsed);
