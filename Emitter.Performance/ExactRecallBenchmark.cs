using BenchmarkDotNet.Attributes;
using Emitter.Generator.Batching;
using Emitter.Generator.Bench.Truth;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Performance;

/// <summary>
/// The CPU one recall_exact sample costs the bench (its scorer thread): the exact cosine top 10
/// over every stored entry (<see cref="ExactTopK"/>), at 100,000 and 1,000,000 entries of a
/// 2,000-message pool at 384 dimensions with 1% jitter. Vectors are clustered like log
/// messages (40 templates, each message its template's direction plus noise: neighbours at cosine
/// ~0.8), so many messages lie near a query and their entries must be scored, not only the nearest.
/// </summary>
[MemoryDiagnoser]
public class ExactRecallBenchmark
{
    private const int Messages = 2_000;
    private const int Dimensions = 384;
    private const int Templates = 40;
    private const float Jitter = 0.01f;

    private StoredEntries _stored = null!;
    private float[][] _queries = null!;
    private ExactTopK _exact = null!;
    private int _next;

    [Params(100_000, 1_000_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] Unit(Func<int, float> component)
        {
            var v = Enumerable.Range(0, Dimensions).Select(component).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }
        float Noise() => (float)(random.NextDouble() * 2 - 1);
        var templates = Enumerable.Range(0, Templates).Select(_ => Unit(_ => Noise())).ToArray();
        var pool = MessagePoolBuilder.Build(Messages, 42);
        foreach (var message in pool.Messages)
        {
            var template = templates[message.Index % Templates];
            message.Vector = Unit(i => template[i] + 0.5f * Noise());
        }

        _stored = new StoredEntries("bench", trackEntries: true, TimeProvider.System);
        var batch = new LogEntry[1_000];
        for (var written = 0; written < Entries; written += batch.Length)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                var message = pool.Messages[random.Next(pool.Messages.Count)];
                batch[i] = new LogEntry(Guid.CreateVersion7(), DateTimeOffset.UtcNow, "api", message.Level, message);
            }
            _stored.Observe(new Batch(batch, batch.Length, written, DateTimeOffset.UtcNow), null);
        }
        // Queries near messages, as an operator's phrasing is near the log lines it is after.
        _queries = Enumerable.Range(0, 32).Select(_ =>
        {
            var near = pool.Messages[random.Next(pool.Messages.Count)].Vector.Span.ToArray();
            return Unit(i => near[i] + 0.3f * Noise());
        }).ToArray();
        _exact = new ExactTopK(Jitter);
    }

    /// <summary>One sampled query's exact top 10 over all the entries.</summary>
    [Benchmark]
    public int ExactTop10()
    {
        var query = _queries[_next++ % _queries.Length];
        return _exact.Find(query, _stored.ByMessage, _stored.Sequence, 10).Count;
    }

    [GlobalCleanup]
    public void Report() => Console.WriteLine($"// entries scored in the last query: {_exact.LastScored:N0} of {Entries:N0}");
}
