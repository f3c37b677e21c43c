using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks;

/// <summary>
/// Puts entries through a sink the way a run does (its own <see cref="SinkPipeline"/> with batch
/// retries, real time, so gRPC and HTTP deadlines mean what they say) and reports what the pipeline counted.
/// </summary>
internal static class SinkDrive
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static LogEntry[] Entries(MessagePool pool, int count, string service = "api")
    {
        var entries = new LogEntry[count];
        for (var i = 0; i < count; i++)
        {
            var at = Start.AddMilliseconds(i);
            var message = pool.Messages[i % pool.Messages.Count];
            // Every other entry has trace context, as markers and needles beside emitted entries do not.
            entries[i] = i % 2 == 0
                ? new LogEntry(Guid.CreateVersion7(at), at, service, message.Level, message, TraceId(i), (ulong)i + 1)
                : new LogEntry(Guid.CreateVersion7(at), at, service, message.Level, message);
        }
        return entries;
    }

    /// <summary>A trace id whose hex shows the high half is written first ("0000...01" + "00c0ffee...").</summary>
    public static UInt128 TraceId(int i) => new((ulong)i + 1, 0xC0FFEEUL);

    public static async Task<(SinkStats Stats, long Retries)> RunAsync(ILogSink sink, MessagePool pool, LogEntry[] entries,
        int batchSize = 500, TimeSpan? grace = null, Func<Task>? afterInitialize = null)
    {
        var context = new SinkContext(pool, pool.Embedding!);
        await sink.InitializeAsync(context, TestContext.Current.CancellationToken);
        if (afterInitialize is not null) await afterInitialize();
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig(sink.Name), TimeProvider.System, NullLogger.Instance);
        pipeline.Start();
        var sequence = 0L;
        foreach (var chunk in entries.Chunk(batchSize))
            await pipeline.EnqueueAsync(new Batch(chunk, chunk.Length, ++sequence, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        await pipeline.CompleteAsync(grace ?? TimeSpan.FromSeconds(60));
        return (pipeline.Stats, pipeline.Retries);
    }
}
