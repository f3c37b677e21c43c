using Microsoft.Extensions.AI;

namespace Emitter.Generator.Embedding;

/// <summary>
/// Splits a call into requests of at most <c>maxInputsPerRequest</c> inputs, runs up to
/// <c>parallelism</c> of them at once and puts the vectors back in input order. The first
/// failure cancels the requests still running and is rethrown as is.
/// </summary>
internal sealed class BatchingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly int _maxInputsPerRequest;
    private readonly int _parallelism;

    public BatchingEmbeddingGenerator(
        IEmbeddingGenerator<string, Embedding<float>> inner, int maxInputsPerRequest, int parallelism)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputsPerRequest, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _maxInputsPerRequest = maxInputsPerRequest;
        _parallelism = parallelism;
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as string[] ?? values.ToArray();
        if (inputs.Length <= _maxInputsPerRequest)
        {
            return await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }

        var vectors = new Embedding<float>[inputs.Length];
        var usage = new UsageDetails();
        var requests = (inputs.Length + _maxInputsPerRequest - 1) / _maxInputsPerRequest;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };

        await Parallel.ForEachAsync(Enumerable.Range(0, requests), parallel, async (request, token) =>
        {
            var start = request * _maxInputsPerRequest;
            var slice = new ArraySegment<string>(inputs, start, Math.Min(_maxInputsPerRequest, inputs.Length - start));
            var generated = await base.GenerateAsync(slice, options, token).ConfigureAwait(false);
            if (generated.Count != slice.Count)
            {
                throw new InvalidOperationException(
                    $"The embedding generator returned {generated.Count} vectors for {slice.Count} inputs.");
            }

            generated.CopyTo(vectors, start);
            if (generated.Usage is { } used)
            {
                lock (usage)
                {
                    usage.Add(used);
                }
            }
        }).ConfigureAwait(false);

        return new GeneratedEmbeddings<Embedding<float>>(vectors) { Usage = usage };
    }
}
