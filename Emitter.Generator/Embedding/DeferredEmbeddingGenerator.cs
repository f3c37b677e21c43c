using Microsoft.Extensions.AI;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Creates the real generator on first use: when the whole pool comes from the cache, the local
/// model (~0.5 s and ~300 MB) is never loaded and no OpenAI client is built.
/// </summary>
public sealed class DeferredEmbeddingGenerator(Func<IEmbeddingGenerator<string, Embedding<float>>> create)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>> _inner = new(create);

    public bool Created => _inner.IsValueCreated;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.Value.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) ? this : _inner.Value.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        if (_inner.IsValueCreated) _inner.Value.Dispose();
    }
}
