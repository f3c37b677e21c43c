using Emitter.Generator.Embedding;

namespace Emitter.Tests.Embedding;

/// <summary>One model load (~0.5 s, ~300 MB) shared by the tests that run the real model.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public LocalMiniLmEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}
