using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Emission;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Batching;

public class SinkPipelineTests
{
    private static EmitterConfig OneService(double seconds, double rate = 1000) =>
        FakeClockRun.Config(seconds, new ServiceConfig("api", rate, [1, 1, 1, 1], ArrivalProcess.Uniform));

    [Fact]
    public async Task Transient_failures_are_retried_and_nothing_is_lost_or_doubled()
    {
        var time = new FakeTimeProvider();
        var flaky = new RecordingSink("flaky", time) { TransientFailures = 5 };

        var summary = await FakeClockRun.RunAsync(OneService(5), TestPools.Small(), 1, [(flaky, FakeClockRun.SinkConfig("flaky"))], time);

        Assert.Equal(5_000, summary.Emitted);
        Assert.Equal(new Reporting(5_000, 0, 0), Reporting.Of(summary, "flaky"));
        Assert.Equal(5, summary.Sinks["flaky"].Retried);
        Assert.Equal(5_000, flaky.Entries.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_batch_delivered_in_two_attempts_counts_as_one_batch()
    {
        var time = new FakeTimeProvider();
        var partial = new RecordingSink("partial", time) { PartialWrites = 1 };
        var healthy = new RecordingSink("healthy", time);

        var summary = await FakeClockRun.RunAsync(OneService(5), TestPools.Small(), 1,
            [(partial, FakeClockRun.SinkConfig("partial")), (healthy, FakeClockRun.SinkConfig("healthy"))], time);

        // Both sinks got the same batches; the partial one needed one more write for one of them.
        Assert.Equal(new Reporting(summary.Emitted, 0, 0), Reporting.Of(summary, "partial"));
        Assert.Equal(1, summary.Sinks["partial"].Retried);
        Assert.Equal(healthy.Writes + 1, partial.Writes);
        Assert.Equal(healthy.Writes, summary.Sinks["healthy"].Batches);
        Assert.Equal(summary.Sinks["healthy"].Batches, summary.Sinks["partial"].Batches);
    }

    [Fact]
    public async Task Permanent_failures_are_counted_with_the_reason_and_other_sinks_get_everything()
    {
        var time = new FakeTimeProvider();
        var broken = new RecordingSink("broken", time) { FailPermanently = b => b.Sequence % 2 == 0 };
        var healthy = new RecordingSink("healthy", time);

        var summary = await FakeClockRun.RunAsync(OneService(5), TestPools.Small(), 1,
            [(broken, FakeClockRun.SinkConfig("broken")), (healthy, FakeClockRun.SinkConfig("healthy"))], time);

        var report = summary.Sinks["broken"];
        Assert.True(report.Failed > 0);
        Assert.Equal(summary.Emitted, report.Delivered + report.Failed);
        Assert.Equal(report.Delivered, broken.Entries.Count);
        Assert.Contains("mapping rejected", report.FirstError);
        Assert.Equal(new Reporting(summary.Emitted, 0, 0), Reporting.Of(summary, "healthy"));
        Assert.False(summary.Complete);
    }

    [Fact]
    public async Task Per_item_failures_count_only_the_rejected_entries()
    {
        var time = new FakeTimeProvider();
        var picky = new RecordingSink("picky", time) { RejectPerBatch = 3 };

        var summary = await FakeClockRun.RunAsync(OneService(5), TestPools.Small(), 1, [(picky, FakeClockRun.SinkConfig("picky"))], time);

        var report = summary.Sinks["picky"];
        Assert.Equal(3 * report.Batches, report.Failed);
        Assert.Equal(summary.Emitted - report.Failed, report.Delivered);
        Assert.Equal(report.Delivered, picky.Entries.Count);
        Assert.Contains("document parsing exception", report.FirstError);
    }

    [Fact]
    public async Task A_timed_run_behind_a_blocking_slow_sink_ends_one_grace_period_late_and_counts_what_it_never_emitted()
    {
        var time = new FakeTimeProvider();
        // 100 entries a second against a schedule of 1,000: the emitter falls further behind every second.
        var slow = new RecordingSink("slow", time) { WriteDelay = TimeSpan.FromSeconds(1) };
        var config = OneService(10) with { BufferSize = 100, ShutdownGraceSecs = 3 };
        var started = time.GetTimestamp();

        var summary = await FakeClockRun.RunAsync(config, TestPools.Small(), 1, [(slow, FakeClockRun.SinkConfig("slow", OnFullPolicy.Block, capacity: 1))], time);

        Assert.True(summary.NotEmitted > 0);
        Assert.Equal(10_000, summary.Emitted + summary.NotEmitted);
        var report = summary.Sinks["slow"];
        Assert.Equal(summary.Emitted, report.Delivered + report.Failed);
        Assert.Equal(report.Delivered, slow.Entries.Count);
        // 10 s of schedule, 3 s of catching up, then at most 3 s to drain (the step adds a little).
        Assert.InRange(time.GetElapsedTime(started).TotalSeconds, 13, 16.5);
        Assert.Contains("scheduled entries not emitted", summary.ToText());
    }

    [Fact]
    public async Task A_stop_while_far_behind_reports_the_lag_of_the_last_entries_and_counts_the_backlog_not_emitted_not_failed()
    {
        var time = new FakeTimeProvider();
        // 100 entries a second against a schedule of 5,000, stopped after 20 s: the entries handed over
        // last were scheduled in the first second, ~20 s late, and the rest already due were never made.
        var slow = new RecordingSink("slow", time) { WriteDelay = TimeSpan.FromSeconds(1) };
        var config = OneService(0, rate: 5000) with { BufferSize = 100, ShutdownGraceSecs = 3 };
        var started = time.GetTimestamp();

        var summary = await FakeClockRun.RunAsync(config, TestPools.Small(), 1, [(slow, FakeClockRun.SinkConfig("slow", OnFullPolicy.Block, capacity: 1))], time,
            stopWhen: t => t.GetElapsedTime(started) >= TimeSpan.FromSeconds(20));

        var report = summary.Sinks["slow"];
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"stopped at 20 s, ended at {time.GetElapsedTime(started).TotalSeconds:0.0} s: emitted {summary.Emitted:N0}, delivered {report.Delivered:N0}, failed {report.Failed:N0}, not emitted {summary.NotEmitted:N0}, max lag {summary.MaxLagMs:N0} ms");
        Assert.True(summary.MaxLagMs >= 15_000, $"the last entries were handed over ~20 s late (max lag {summary.MaxLagMs} ms)");
        Assert.Equal(summary.Emitted, report.Delivered + report.Failed);
        Assert.Equal(report.Delivered, slow.Entries.Count);
        // Failed: only what was made before the stop and still queued, being written or waiting in the batcher.
        Assert.InRange(report.Failed, 0, 600);
        Assert.True(summary.NotEmitted > 1_000, $"the backlog due at the stop is not emitted ({summary.NotEmitted})");
    }

    [Fact]
    public async Task Drop_keeps_the_rate_and_counts_what_a_slow_sink_missed()
    {
        var time = new FakeTimeProvider();
        var slow = new RecordingSink("slow", time) { WriteDelay = TimeSpan.FromSeconds(2) };
        var fast = new RecordingSink("fast", time);

        var summary = await FakeClockRun.RunAsync(OneService(10), TestPools.Small(), 1,
            [(slow, FakeClockRun.SinkConfig("slow", OnFullPolicy.Drop, capacity: 1)), (fast, FakeClockRun.SinkConfig("fast"))], time);

        Assert.Equal(10_000, summary.Emitted);
        var report = summary.Sinks["slow"];
        Assert.True(report.Dropped > 0, "the slow sink's full queue dropped batches");
        Assert.Equal(summary.Emitted, report.Delivered + report.Dropped + report.Failed);
        Assert.Equal(new Reporting(10_000, 0, 0), Reporting.Of(summary, "fast"));
    }

    [Fact]
    public async Task Block_loses_nothing_and_reports_the_lag()
    {
        var time = new FakeTimeProvider();
        var slow = new RecordingSink("slow", time) { WriteDelay = TimeSpan.FromMilliseconds(500) };

        // A grace long enough for the emitter to catch up on its whole schedule, however slowly.
        var summary = await FakeClockRun.RunAsync(OneService(10, rate: 5000) with { ShutdownGraceSecs = 600 }, TestPools.Small(), 1,
            [(slow, FakeClockRun.SinkConfig("slow", OnFullPolicy.Block, capacity: 1))], time);

        Assert.Equal(50_000, summary.Emitted);
        Assert.Equal(0, summary.NotEmitted);
        Assert.Equal(new Reporting(50_000, 0, 0), Reporting.Of(summary, "slow"));
        Assert.True(summary.MaxLagMs >= 400, $"the emitters fell behind and said so (max lag {summary.MaxLagMs} ms)");
    }

    [Fact]
    public async Task Stopping_mid_run_flushes_the_partial_batch()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink("rec", time);
        var started = time.GetTimestamp();

        var summary = await FakeClockRun.RunAsync(OneService(0, rate: 333), TestPools.Small(), 1,
            [(sink, FakeClockRun.SinkConfig("rec"))], time, stopWhen: t => t.GetElapsedTime(started) > TimeSpan.FromSeconds(3.37));

        Assert.InRange(summary.Emitted, 1_000, 1_300);
        Assert.NotEqual(0, summary.Emitted % 500); // not a whole number of batches: the partial one was flushed
        Assert.Equal(new Reporting(summary.Emitted, 0, 0), Reporting.Of(summary, "rec"));
    }

    [Fact]
    public async Task A_sink_stuck_past_the_grace_period_counts_its_queue_as_failed()
    {
        var time = new FakeTimeProvider();
        var stuck = new RecordingSink("stuck", time) { WriteDelay = TimeSpan.FromMinutes(10) };

        var summary = await FakeClockRun.RunAsync(OneService(2), TestPools.Small(), 1,
            [(stuck, FakeClockRun.SinkConfig("stuck", OnFullPolicy.Drop, capacity: 2))], time, step: TimeSpan.FromMilliseconds(100));

        var report = summary.Sinks["stuck"];
        Assert.Equal(0, report.Delivered);
        Assert.Equal(summary.Emitted, report.Failed + report.Dropped);
        Assert.Contains("grace period", report.FirstError);
    }
}
