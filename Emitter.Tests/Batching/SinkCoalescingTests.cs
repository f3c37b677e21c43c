using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Batching;

/// <summary>
/// Batches waiting in a sink's queue go to a sink that asks for it as one write, up to its
/// limit and in order; other sinks get one batch per write; every entry is counted once.
/// </summary>
public class SinkCoalescingTests
{
    [Theory]
    [InlineData(0, new[] { 100, 100, 100, 100, 100, 100 })]
    [InlineData(250, new[] { 100, 200, 200, 100 })]
    [InlineData(10_000, new[] { 100, 500 })]
    public async Task Queued_batches_are_written_together_up_to_the_sinks_limit(int limit, int[] writes)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var sink = new HeldSink { CoalesceEntries = limit };
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig("held"), time, NullLogger.Instance);
        var pool = TestPools.Small();
        var batches = Enumerable.Range(1, 6).Select(i => BatchOf(pool, i, time.GetUtcNow().AddSeconds(i))).ToList();
        pipeline.Start();

        await pipeline.EnqueueAsync(batches[0], TestContext.Current.CancellationToken);
        await sink.FirstWriteStarted.Task.WaitAsync(TestContext.Current.CancellationToken); // the writer holds batch 1
        foreach (var batch in batches.Skip(1)) await pipeline.EnqueueAsync(batch, TestContext.Current.CancellationToken);
        sink.Release.SetResult();
        await pipeline.CompleteAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(writes, sink.Writes.Select(w => w.Count));
        Assert.Equal(batches.SelectMany(b => b.Entries.ToArray()).Select(e => e.Id), sink.Writes.SelectMany(w => w.Entries.ToArray()).Select(e => e.Id));
        Assert.Equal(600, pipeline.Stats.Delivered);
        Assert.Equal(0, pipeline.Stats.Failed);
        Assert.Equal(batches.Count, pipeline.Stats.Batches); // a batch is a batch, whether written alone or with others
        // A combined write starts from its first batch's sequence and oldest seal time.
        Assert.All(sink.Writes.Skip(1), w => Assert.Equal(batches.First(b => b.Entries.Span[0].Id == w.Entries.Span[0].Id).SealedAt, w.SealedAt));
    }

    private static Batch BatchOf(MessagePool pool, int sequence, DateTimeOffset sealedAt)
    {
        var entries = Enumerable.Range(0, 100)
            .Select(i => new LogEntry(Guid.CreateVersion7(), sealedAt, "api", pool.Messages[i % pool.Messages.Count].Level, pool.Messages[i % pool.Messages.Count]))
            .ToArray();
        return new Batch(entries, entries.Length, sequence, sealedAt);
    }

    /// <summary>Keeps every write; the first waits until <see cref="Release"/>, so the rest queue up behind it.</summary>
    private sealed class HeldSink : ILogSink
    {
        public string Name => "held";
        public int CoalesceEntries { get; init; }
        public List<Batch> Writes { get; } = [];
        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
        {
            Writes.Add(batch);
            FirstWriteStarted.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return WriteResult.Delivered;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
