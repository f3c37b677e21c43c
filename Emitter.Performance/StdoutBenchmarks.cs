using BenchmarkDotNet.Attributes;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Stdout;

namespace Emitter.Performance;

/// <summary>The stdout sink writing a batch of 1,000 entries as JSON or text lines into a null stream.</summary>
[MemoryDiagnoser]
public class StdoutBenchmarks
{
    private const int BatchSize = 1000;
    private StdoutSink _json = null!, _text = null!;
    private Batch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pool = BenchmarkPools.Create(2_000, 384);
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, BatchSize).Select(i =>
        {
            var message = pool.Messages[i % pool.Messages.Count];
            return new LogEntry(Guid.CreateVersion7(), now.AddMilliseconds(i), "order-service", message.Level, message);
        }).ToArray();
        _batch = new Batch(entries, entries.Length, 1, now);
        var context = new SinkContext(pool, pool.Embedding!);
        _json = new StdoutSink("json", Stream.Null, StdoutFormat.Json, includeEmbedding: false);
        _text = new StdoutSink("text", Stream.Null, StdoutFormat.Text, includeEmbedding: false);
        _json.InitializeAsync(context, default).GetAwaiter().GetResult();
        _text.InitializeAsync(context, default).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task JsonLine() => _json.WriteAsync(_batch, default);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task TextLine() => _text.WriteAsync(_batch, default);
}
