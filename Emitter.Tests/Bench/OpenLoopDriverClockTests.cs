using System.Collections.Concurrent;
using System.Diagnostics;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Bench;

/// <summary>The open-loop driver on the system clock (its own sleeping thread): what it measures and how it stops.</summary>
public class OpenLoopDriverClockTests
{
    [Fact]
    public async Task No_query_is_measured_shorter_than_the_store_took_even_when_sent_before_it_was_due()
    {
        // 2,000/s: most gaps are under 2 ms, so most queries go out early. Measured from their
        // scheduled time they would look shorter than they took; measured from the send they cannot.
        var calls = new ConcurrentQueue<TimeSpan>();
        var outcomes = new ConcurrentQueue<QueryOutcome>();
        // No timeout in reach: a busy machine can leave this synchronous loop seconds behind, which is not what is tested here.
        var driver = new OpenLoopDriver(TimeProvider.System, new PoissonSchedule(2000, new Random(7)), 10_000, TimeSpan.FromMinutes(10));
        await driver.RunAsync(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(0.5), _ =>
        {
            var began = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(began) < TimeSpan.FromMicroseconds(300)) Thread.SpinWait(10);
            calls.Enqueue(Stopwatch.GetElapsedTime(began)); // answered synchronously: outcomes come in call order
            return Task.CompletedTask;
        }, outcomes.Enqueue, TestContext.Current.CancellationToken);

        Assert.Equal(driver.Fired, outcomes.Count);
        Assert.True(outcomes.Count > 500, $"only {outcomes.Count} queries in 0.5 s at 2,000/s");
        foreach (var (outcome, took) in outcomes.Zip(calls))
        {
            Assert.Null(outcome.Error);
            Assert.True(outcome.Latency >= took, $"query due at {outcome.ScheduledAt} measured {outcome.Latency.TotalMicroseconds:0} µs but took {took.TotalMicroseconds:0} µs");
        }
    }

    [Fact]
    public async Task A_driver_behind_its_schedule_still_stops_when_told()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        long done = 0;
        // Ten million a second for an hour: far behind from the start, it never sleeps.
        var driver = new OpenLoopDriver(TimeProvider.System, new PoissonSchedule(1e7, new Random(7)), 10_000);
        var run = driver.RunAsync(Stopwatch.GetTimestamp(), TimeSpan.FromHours(1), _ => Task.CompletedTask, _ =>
        {
            if (Interlocked.Increment(ref done) == 1000) stop.Cancel();
        }, stop.Token);

        // It returns (a loop that ignored the stop would go on for an hour's schedule); the limit only guards against a hang.
        await run.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }
}
