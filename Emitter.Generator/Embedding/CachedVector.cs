namespace Emitter.Generator.Embedding;

/// <summary>A cached vector and its place in the file's append order (higher is newer).</summary>
internal readonly record struct CachedVector(float[] Vector, long Sequence);
