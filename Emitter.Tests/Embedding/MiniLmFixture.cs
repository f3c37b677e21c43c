using Emitter.Generator.Embedding;

[assembly: AssemblyFixture(typeof(Emitter.Tests.Embedding.MiniLmFixture))]

namespace Emitter.Tests.Embedding;

/// <summary>One model load (~0.5 s, ~300 MB) shared by every test that runs the real model.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public LocalMiniLmEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}
