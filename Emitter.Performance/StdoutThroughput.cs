using System.Diagnostics;
using System.Globalization;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Stdout;

namespace Emitter.Performance;

/// <summary>The stdout sink writing JSON lines (and text lines) into /dev/null, batch after batch.</summary>
public static class StdoutThroughput
{
    public static async Task RunAsync(EndToEndOptions options)
    {
        var pool = BenchmarkPools.Create(2_000, 384);
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, 1000).Select(i =>
        {
            var message = pool.Messages[i % pool.Messages.Count];
            return new LogEntry(Guid.CreateVersion7(), now.AddMilliseconds(i), $"svc-{i % 4}", message.Level, message);
        }).ToArray();
        var batch = new Batch(entries, entries.Length, 1, now);

        foreach (var format in new[] { StdoutFormat.Json, StdoutFormat.Text })
        {
            await using var devNull = new FileStream("/dev/null", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16, useAsync: false);
            await using var sink = new StdoutSink("stdout", devNull, format, includeEmbedding: false);
            await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), default);
            var batches = options.Entries / entries.Length;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < batches; i++) await sink.WriteAsync(batch, default);
            clock.Stop();
            var lines = batches * entries.Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stdout {format.ToString().ToLowerInvariant()}: {lines:N0} lines into /dev/null in {clock.Elapsed.TotalSeconds:0.00} s = {lines / clock.Elapsed.TotalSeconds:N0} lines/s"));
        }
    }
}
