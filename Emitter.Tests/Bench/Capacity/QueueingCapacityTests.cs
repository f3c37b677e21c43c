using Emitter.Generator.Bench.Capacity;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Bench.Capacity;

/// <summary>
/// The capacity search through the real open-loop driver, on a fake clock, against a store whose
/// answer queueing theory knows: c servers, exponential service (M/M/c, first come first served).
/// The rate it finds is within 10% of the rate at which the M/M/c response time's p99 equals the
/// target, solved from Erlang C.
/// </summary>
public class QueueingCapacityTests
{
    /// <summary>
    /// c servers and a FIFO queue, as a semaphore of c would serve: a query waits for a free server,
    /// is served for an exponential time on the clock, and leaves the queue or its server when its
    /// caller gives up. Every completion is a plain continuation, so it runs inside the clock's callback.
    /// </summary>
    private sealed class QueueingStore(TimeProvider time, int servers, TimeSpan meanService, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Queue<Request> _waiting = new();
        private readonly Lock _gate = new();
        private int _busy;

        public long Served { get; private set; }

        public Task Query(CancellationToken ct)
        {
            var request = new Request(ct);
            bool serve;
            lock (_gate)
            {
                serve = _busy < servers;
                if (serve) _busy++;
                else _waiting.Enqueue(request);
            }
            if (serve) Serve(request);
            else request.Cancel = ct.Register(() => request.Done.TrySetCanceled(ct)); // gives up waiting: skipped when its turn comes
            return request.Done.Task;
        }

        private void Serve(Request request)
        {
            request.Cancel.Dispose();
            var service = TimeSpan.FromTicks((long)(-Math.Log(1 - _random.NextDouble()) * meanService.Ticks));
            var timer = time.CreateTimer(_ => Finish(request, served: true), null, service, Timeout.InfiniteTimeSpan);
            request.Timer = timer;
            request.Cancel = request.Token.Register(() => Finish(request, served: false));
        }

        private void Finish(Request request, bool served)
        {
            if (Interlocked.Exchange(ref request.Finished, 1) == 1) return;
            request.Timer?.Dispose();
            Request? next = null;
            lock (_gate)
            {
                if (served) Served++;
                while (_waiting.TryDequeue(out var candidate))
                {
                    if (!candidate.Done.Task.IsCompleted)
                    {
                        next = candidate;
                        break;
                    }
                }
                if (next is null) _busy--;
            }
            if (next is not null) Serve(next);
            if (served) request.Done.TrySetResult();
            else request.Done.TrySetCanceled(request.Token);
        }

        private sealed class Request(CancellationToken token)
        {
            public CancellationToken Token => token;
            public TaskCompletionSource Done { get; } = new(); // continuations inline, on the clock's thread
            public CancellationTokenRegistration Cancel;
            public ITimer? Timer;
            public int Finished;
        }
    }

    /// <summary>P(response time &gt; t) in M/M/c FCFS: no wait with probability 1 - C(c, a), else an Exp(c mu - lambda) wait, plus the Exp(mu) service.</summary>
    private static double ResponseTail(double lambda, int c, double mu, double t)
    {
        var a = lambda / mu;
        var erlangC = ErlangC(c, a);
        var theta = c * mu - lambda;
        var waitedTail = Math.Abs(theta - mu) < 1e-9
            ? (1 + mu * t) * Math.Exp(-mu * t)
            : (theta * Math.Exp(-mu * t) - mu * Math.Exp(-theta * t)) / (theta - mu);
        return (1 - erlangC) * Math.Exp(-mu * t) + erlangC * waitedTail;
    }

    /// <summary>Erlang C: the probability that an arrival waits, c servers at offered load a = lambda / mu.</summary>
    private static double ErlangC(int c, double a)
    {
        double term = 1, sum = 0;
        for (var k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }
        var top = term * c / (c - a);
        return top / (sum + top);
    }

    /// <summary>The rate at which P(R &gt; slo) = 1%: the p99 response time equals the target (the tail grows with the rate).</summary>
    private static double PredictedCapacity(int c, double mu, double slo)
    {
        double low = 1e-6, high = c * mu * (1 - 1e-9);
        for (var i = 0; i < 200; i++)
        {
            var middle = (low + high) / 2;
            if (ResponseTail(middle, c, mu, slo) > 0.01) high = middle;
            else low = middle;
        }
        return low;
    }

    [Theory]
    [InlineData(4, 10, 60)]
    [InlineData(2, 5, 40)]
    public async Task The_capacity_found_on_an_M_M_c_store_is_within_10_percent_of_what_Erlang_C_predicts(int servers, double meanServiceMs, double sloMs)
    {
        var mu = 1000 / meanServiceMs;
        var predicted = PredictedCapacity(servers, mu, sloMs / 1000);
        var clock = new EventClock();
        var store = new QueueingStore(clock, servers, TimeSpan.FromMilliseconds(meanServiceMs), seed: 11);
        // From a twelfth of the servers' throughput, to twice it: the ramp crosses the answer, then the bisection narrows it.
        var settings = new CapacitySettings(sloMs, 0.01, StartQps: servers * mu / 16, MaxQps: servers * mu * 2, StepSecs: 30, MaxSteps: 12);
        var steps = new List<CapacityStep>();
        var runner = new CapacityRunner(clock, settings, maxOutstanding: 100_000, TimeSpan.FromSeconds(1));

        // Started on this thread, which then runs the clock: every step starts inline where the last one ended, nothing hops threads.
        var search = runner.RunAsync(store.Query, step => new Random(100 + step), clock.GetTimestamp(), null,
            (_, step, _, _) => steps.Add(step), TestContext.Current.CancellationToken);
        await clock.RunUntilDoneAsync(search, TimeSpan.FromHours(1));
        var found = (await search).Result;

        TestContext.Current.SendDiagnosticMessage(
            $"M/M/{servers}, mean service {meanServiceMs} ms, p99 target {sloMs} ms: Erlang C predicts {predicted:0.0} qps, the search found {found.MaxQpsAtSlo:0.0} qps "
            + $"({(found.MaxQpsAtSlo / predicted - 1) * 100:+0.0;-0.0}%) in {found.Steps.Count} steps, {found.Secs:0} s of fake time, {store.Served:N0} queries served: "
            + string.Join(", ", found.Steps.Select(s => $"{s.Qps:0.#} qps p99 {s.P99Ms:0.0} ms {(s.Passed ? "pass" : "fail")}")));
        Assert.InRange(found.MaxQpsAtSlo, predicted * 0.9, predicted * 1.1);
        Assert.Equal("slo", found.LimitedBy);
        Assert.True(found.P99Ms <= sloMs);
        Assert.Equal(found.Steps, steps);
        Assert.True(found.Steps.Count <= settings.MaxSteps);
    }

    [Fact]
    public async Task The_same_search_on_the_fake_clock_finds_the_same_steps_every_time()
    {
        async Task<CapacityResult> Once()
        {
            var clock = new EventClock();
            var store = new QueueingStore(clock, 2, TimeSpan.FromMilliseconds(5), seed: 3);
            var runner = new CapacityRunner(clock, new CapacitySettings(30, 0.01, 50, 800, 10, 9), 100_000, TimeSpan.FromSeconds(1));
            var search = runner.RunAsync(store.Query, step => new Random(7 + step), clock.GetTimestamp(), null, null, TestContext.Current.CancellationToken);
            await clock.RunUntilDoneAsync(search, TimeSpan.FromHours(1));
            return (await search).Result;
        }

        var first = await Once();
        var second = await Once();
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.MaxQpsAtSlo, second.MaxQpsAtSlo);
    }
}
