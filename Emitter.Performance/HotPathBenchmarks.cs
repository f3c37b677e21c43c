using BenchmarkDotNet.Attributes;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Performance;

/// <summary>The per-entry work of an emitter and the batcher, and the per-entry vector work of a sink.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int Entries = 10_000;
    private MessagePool _pool = null!;
    private ServiceSequence _sequence = null!;
    private Batcher _batcher = null!;
    private readonly LogEntry[] _chunk = new LogEntry[256];
    private readonly List<Batch> _sealed = [];
    private readonly float[] _vector = new float[1536];
    private readonly UuidV7Generator _ids = new();

    [GlobalSetup]
    public void Setup()
    {
        _pool = BenchmarkPools.Create(2_000, 1536);
        _sequence = new ServiceSequence(new ServiceConfig("api", 1e6, [0.1, 0.7, 0.15, 0.05], ArrivalProcess.Poisson), _pool, 42);
        _batcher = new Batcher(1000, TimeSpan.FromHours(1), TimeProvider.System);
    }

    /// <summary>Schedule, level, message, UUID v7 and the hand-over to the batcher, for 10,000 entries.</summary>
    [Benchmark(OperationsPerInvoke = Entries)]
    public int EmitIntoBatcher()
    {
        var start = DateTimeOffset.UtcNow;
        var count = 0;
        for (var i = 0; i < Entries; i++)
        {
            var at = _sequence.NextArrival();
            var message = _sequence.NextMessage();
            var timestamp = start.AddTicks((long)(at * TimeSpan.TicksPerSecond));
            _chunk[count++] = new LogEntry(_ids.Next(timestamp), timestamp, "api", message.Level, message);
            if (count == _chunk.Length)
            {
                _batcher.Add(_chunk, _sealed);
                _sealed.Clear();
                count = 0;
            }
        }
        return count;
    }

    [Benchmark]
    public float Jitter1536()
    {
        EmbeddingJitter.Apply(_pool.Messages[0].Vector.Span, Guid.CreateVersion7(), 0.01f, _vector);
        return _vector[0];
    }
}
