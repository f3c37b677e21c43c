using System.Collections.Concurrent;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Bench;

/// <summary>
/// The query drivers on a fake clock against a server that answers only when told: the open loop
/// keeps its schedule and measures from it; the closed loop (bursts) waits, and measures service time.
/// </summary>
public class QueryDriverTests
{
    private sealed class HeldServer
    {
        public ConcurrentQueue<TaskCompletionSource> Calls { get; } = new();

        public Task Query(CancellationToken _)
        {
            var call = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Calls.Enqueue(call);
            return call.Task;
        }

        public void ReleaseAll()
        {
            foreach (var call in Calls) call.TrySetResult();
        }
    }

    private static List<TimeSpan> Schedule(double rate, int seed, TimeSpan end)
    {
        var schedule = new PoissonSchedule(rate, new Random(seed));
        var times = new List<TimeSpan>();
        for (var t = schedule.Next(); t < end; t = schedule.Next()) times.Add(t);
        return times;
    }

    [Fact]
    public async Task The_open_loop_sends_every_query_on_schedule_while_none_is_answered_and_measures_from_the_schedule()
    {
        var time = new FakeTimeProvider();
        var server = new HeldServer();
        var outcomes = new ConcurrentBag<QueryOutcome>();
        var end = TimeSpan.FromSeconds(1);
        var expected = Schedule(200, 5, end);
        var driver = new OpenLoopDriver(time, new PoissonSchedule(200, new Random(5)), maxOutstanding: 10_000);
        var start = time.GetTimestamp();
        var run = driver.RunAsync(start, end, server.Query, outcomes.Add, TestContext.Current.CancellationToken);

        // The clock moves a millisecond at a time; the server answers nothing.
        for (var ms = 1; ms <= 1000; ms++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            var due = expected.Count(t => t <= TimeSpan.FromMilliseconds(ms));
            await Until.HoldsAsync(() => server.Calls.Count >= due, $"{due} queries sent by {ms} ms");
        }
        Assert.Equal(expected.Count, server.Calls.Count);
        Assert.Equal(expected.Count, driver.Outstanding);
        Assert.Empty(outcomes);

        // Everything is answered at 1.5 s: each latency runs from its own scheduled time.
        time.Advance(TimeSpan.FromMilliseconds(500));
        server.ReleaseAll();
        await run;
        Assert.Equal(expected, outcomes.Select(o => o.ScheduledAt).Order());
        Assert.All(outcomes, o => Assert.Equal(TimeSpan.FromSeconds(1.5), o.ScheduledAt + o.Latency));
        Assert.All(outcomes, o => Assert.Null(o.Error));
    }

    [Fact]
    public async Task Beyond_max_outstanding_a_due_query_is_counted_as_an_error_not_delayed()
    {
        var time = new FakeTimeProvider();
        var server = new HeldServer();
        var outcomes = new ConcurrentBag<QueryOutcome>();
        var end = TimeSpan.FromSeconds(1);
        var expected = Schedule(100, 9, end);
        var driver = new OpenLoopDriver(time, new PoissonSchedule(100, new Random(9)), maxOutstanding: 5);
        var run = driver.RunAsync(time.GetTimestamp(), end, server.Query, outcomes.Add, TestContext.Current.CancellationToken);

        time.Advance(end);
        await Until.HoldsAsync(() => outcomes.Count == expected.Count - 5, "every query past the fifth refused");
        Assert.Equal(5, server.Calls.Count);
        Assert.All(outcomes, o => Assert.Contains("max_outstanding", o.Error));
        // Counted at the timeout, as a query that never came back: not left out of the percentiles.
        Assert.All(outcomes, o => Assert.Equal((QueryFailure.NotSent, TimeSpan.FromMilliseconds(QueryWorkload.DefaultTimeoutMs)), (o.Kind, o.Latency)));

        server.ReleaseAll();
        await run;
        Assert.Equal(expected.Count, outcomes.Count);
    }

    [Fact]
    public async Task A_query_without_an_answer_by_its_timeout_is_abandoned_and_counted_at_the_timeout_and_a_refusal_at_the_timeout_too()
    {
        var time = new FakeTimeProvider();
        var server = new HeldServer();
        var outcomes = new ConcurrentBag<QueryOutcome>();
        var timeout = TimeSpan.FromMilliseconds(300);
        var end = TimeSpan.FromSeconds(1);
        var expected = Schedule(20, 3, end);
        var calls = 0;
        var tokens = new ConcurrentBag<CancellationToken>();
        Task Query(CancellationToken ct)
        {
            if (Interlocked.Increment(ref calls) % 2 == 0)
                return Task.FromException(new Emitter.Generator.Stores.Elasticsearch.ElasticsearchSearchException("HTTP 429 es_rejected_execution_exception: rejected", 429));
            tokens.Add(ct);
            return server.Query(ct);
        }
        var driver = new OpenLoopDriver(time, new PoissonSchedule(20, new Random(3)), maxOutstanding: 1000, timeout);
        var run = driver.RunAsync(time.GetTimestamp(), end, Query, outcomes.Add, TestContext.Current.CancellationToken);

        // The server never answers: each held query ends at its own due time + 300 ms.
        for (var ms = 10; ms <= 1400; ms += 10)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            var due = expected.Count(t => t + timeout <= TimeSpan.FromMilliseconds(ms));
            await Until.HoldsAsync(() => outcomes.Count >= due, $"{due} outcomes by {ms} ms");
        }
        await run;

        Assert.Equal(expected.Count, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(timeout, o.Latency));
        var timedOut = outcomes.Where(o => o.Kind == QueryFailure.Timeout).ToList();
        var refused = outcomes.Where(o => o.Kind == QueryFailure.Refused).ToList();
        Assert.Equal(expected.Count, timedOut.Count + refused.Count);
        Assert.Equal(expected.Count / 2, refused.Count);
        Assert.All(timedOut, o => Assert.Contains("timeout_ms (300 ms)", o.Error));
        Assert.All(refused, o => Assert.Contains("429", o.Error));
        // The abandoned queries were told to stop (the client cancels them on the server).
        Assert.All(tokens, t => Assert.True(t.IsCancellationRequested));
    }

    [Fact]
    public async Task Each_sent_query_reports_its_send_lateness_the_time_from_its_schedule_to_its_send()
    {
        var time = new FakeTimeProvider();
        var outcomes = new ConcurrentBag<QueryOutcome>();
        var end = TimeSpan.FromSeconds(1);
        var expected = Schedule(50, 8, end);
        // A client that only gets to run every 10 ms: each query goes out at the next 10 ms tick after its due time.
        var step = TimeSpan.FromMilliseconds(10);
        var driver = new OpenLoopDriver(time, new PoissonSchedule(50, new Random(8)), maxOutstanding: 1000);
        var run = driver.RunAsync(time.GetTimestamp(), end, _ => Task.CompletedTask, outcomes.Add, TestContext.Current.CancellationToken);
        for (var at = step; at <= end + step; at += step)
        {
            var now = at;
            time.Advance(step); // the fake clock moves first, then wakes every timer due: all at the tick
            await Until.HoldsAsync(() => outcomes.Count >= expected.Count(t => t <= now), $"queries due by {now.TotalMilliseconds} ms");
        }
        await run;

        Assert.Equal(expected.Count, outcomes.Count);
        foreach (var o in outcomes)
        {
            // The fake clock's timers count whole milliseconds: a wait ends at the first tick at or after the due time's millisecond.
            var dueMs = TimeSpan.FromMilliseconds(Math.Floor(o.ScheduledAt.TotalMilliseconds));
            var sent = TimeSpan.FromTicks((long)Math.Ceiling(dueMs.Ticks / (double)step.Ticks) * step.Ticks);
            Assert.Equal(sent > o.ScheduledAt ? sent - o.ScheduledAt : TimeSpan.Zero, o.Lateness);
        }
        Assert.Contains(outcomes, o => o.Lateness > TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task The_closed_loop_waits_for_answers_and_measures_only_service_time()
    {
        var time = new FakeTimeProvider();
        var server = new HeldServer();
        var outcomes = new ConcurrentBag<QueryOutcome>();
        var run = new BurstDriver(time, new BurstConfig(Size: 4, Concurrency: 2))
            .RunAsync(time.GetTimestamp(), TimeSpan.FromSeconds(1), server.Query, outcomes.Add, TestContext.Current.CancellationToken);

        await Until.HoldsAsync(() => server.Calls.Count == 2, "two queries in flight");
        time.Advance(TimeSpan.FromSeconds(3)); // a server stalled for 3 s: the client sent nothing more meanwhile
        Assert.Equal(2, server.Calls.Count);
        server.ReleaseAll();
        await Until.HoldsAsync(() => server.Calls.Count == 4, "the burst's other two");
        server.ReleaseAll();
        await run; // the next burst would start past the 1 s end

        Assert.Equal(4, outcomes.Count);
        Assert.Equal(2, outcomes.Count(o => o.Latency == TimeSpan.FromSeconds(3)));
        Assert.Equal(2, outcomes.Count(o => o.Latency == TimeSpan.Zero));
    }
}
