using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Dashboard;
using Emitter.Generator.Sinks.Stdout;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Batching;

/// <summary>
/// The drain at shutdown ends when the grace period does, whatever the sink is doing, and
/// counts every entry it gave up on: failed for a store, dropped for a live view.
/// </summary>
public class SinkDrainTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    // Real time, only to turn a hang into a failure: every step before it waits for an event.
    private static readonly TimeSpan HangDetector = TimeSpan.FromMinutes(1);

    private static List<Batch> Batches(int count, DateTimeOffset sealedAt)
    {
        var sequence = 0L;
        return SinkDrive.Entries(TestPools.Small(), count * 100).Chunk(100).Select(c => new Batch(c, c.Length, ++sequence, sealedAt)).ToList();
    }

    [Fact]
    public async Task A_write_that_ignores_cancellation_is_abandoned_when_the_grace_period_ends_and_its_entries_count_as_failed()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(SinkDrive.Start);
        using var stdout = new BlockedStream();
        var sink = new BlockingSink(stdout);
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig("stdout"), time, NullLogger.Instance);
        var batches = Batches(3, time.GetUtcNow());
        pipeline.Start();

        await pipeline.EnqueueAsync(batches[0], ct);
        await stdout.WriteStarted.Task.WaitAsync(HangDetector, ct); // the writer is stuck inside the sink for good
        foreach (var batch in batches.Skip(1)) await pipeline.EnqueueAsync(batch, ct);
        var drain = pipeline.CompleteAsync(Grace);
        time.Advance(Grace);
        // The write is given its short while past the deadline to say what it did; this one never will.
        while (!drain.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(drain, Task.Delay(5, ct));
        }
        await drain.WaitAsync(HangDetector, ct);

        Assert.Equal((0L, 300L, 0L), (pipeline.Stats.Delivered, pipeline.Stats.Failed, pipeline.Stats.Dropped));
        Assert.Equal("still writing when the grace period ended", pipeline.Stats.FirstError);
        Assert.True(pipeline.StillWriting);

        // The abandoned write returns after all: counted once already, it is not counted again, and the writer takes nothing more.
        stdout.Release();
        Assert.True(SpinWait.SpinUntil(() => !pipeline.StillWriting, HangDetector), "the writer ended once its write returned");
        Assert.Equal((0L, 300L, 0L), (pipeline.Stats.Delivered, pipeline.Stats.Failed, pipeline.Stats.Dropped));
    }

    [Fact]
    public async Task A_dashboard_that_never_answers_leaves_only_dropped_entries_at_the_end_never_failed_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(SinkDrive.Start);
        await using var dashboard = new SilentServer();
        // Its own timeout far away: the grace period is what ends the writes here.
        await using var sink = new DashboardSink("dashboard", new Uri(dashboard.Url), TimeSpan.FromHours(1), NullLogger.Instance);
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig("dashboard", OnFullPolicy.Drop, capacity: 16), time, NullLogger.Instance);
        var batches = Batches(18, time.GetUtcNow());
        pipeline.Start();

        await pipeline.EnqueueAsync(batches[0], ct);
        await dashboard.FirstRequest.Task.WaitAsync(HangDetector, ct); // batch 1 is posted and will never be answered
        foreach (var batch in batches.Skip(1)) await pipeline.EnqueueAsync(batch, ct); // 16 wait in the queue, the last finds it full
        var drain = pipeline.CompleteAsync(Grace);
        time.Advance(Grace);
        await drain.WaitAsync(HangDetector, ct);

        Assert.Equal((0L, 0L, 1_800L), (pipeline.Stats.Delivered, pipeline.Stats.Failed, pipeline.Stats.Dropped));
        Assert.Contains("grace period ended", pipeline.Stats.FirstError);
    }

    /// <summary>A sink whose write blocks its thread in a synchronous write and never looks at its token.</summary>
    private sealed class BlockingSink(Stream output) : ILogSink
    {
        public string Name => "stdout";

        public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken) => Task.Run(() =>
        {
            output.Write(new byte[batch.Count]);
            return WriteResult.Delivered;
        }, CancellationToken.None);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
