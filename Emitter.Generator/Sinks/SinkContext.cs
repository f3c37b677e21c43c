using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Sinks;

/// <summary>What a sink may need to know about the run before it writes.</summary>
public sealed record SinkContext(MessagePool Pool, EmbeddingInfo Embedding);
