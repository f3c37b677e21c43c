using Microsoft.Extensions.AI;

namespace Emitter.Tests.Embedding;

/// <summary>A fake generator: deterministic vectors from the text, counting calls and concurrency.</summary>
internal sealed class CountingEmbeddingGenerator(int dimensions, int failOnCall = 0) : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _calls;
    private int _inputs;
    private int _running;
    private int _maxConcurrent;

    public int Calls => _calls;

    public int Inputs => _inputs;

    public int MaxConcurrent => _maxConcurrent;

    public static float[] VectorFor(string text, int dimensions)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return [.. Enumerable.Range(0, dimensions).Select(d => (float)Math.Sin(hash + d))];
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        var running = Interlocked.Increment(ref _running);
        try
        {
            InterlockedMax(ref _maxConcurrent, running);
            await Task.Delay(20, cancellationToken);
            if (call == failOnCall)
            {
                throw new HttpRequestException("embedding service went away");
            }

            var texts = values.ToArray();
            Interlocked.Add(ref _inputs, texts.Length);
            return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(VectorFor(t, dimensions))));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
