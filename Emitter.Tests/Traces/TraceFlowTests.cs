using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Reporting;
using Emitter.Tests.Fakes;
using Emitter.Tests.PgVector;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Traces;

/// <summary>Requests through the call graph api-gateway → order-service → (payment-service, inventory-worker), on a fake clock.</summary>
public class TraceFlowTests
{
    private static readonly double[] Weights = [0.1, 0.6, 0.2, 0.1];

    private static readonly ServiceConfig[] Services =
    [
        new("api-gateway", 200, Weights, ArrivalProcess.Poisson, "gateway"),
        new("order-service", 20, Weights, ArrivalProcess.Poisson, "orders"),
        new("payment-service", 20, Weights, ArrivalProcess.Poisson, "payments"),
        new("inventory-worker", 20, Weights, ArrivalProcess.Poisson, "inventory"),
    ];

    private static readonly Dictionary<string, string> CallerOf = new()
    {
        ["order-service"] = "api-gateway",
        ["payment-service"] = "order-service",
        ["inventory-worker"] = "order-service",
    };

    private static TracesConfig Calls(double share) => new(share, new Dictionary<string, IReadOnlyList<string>>
    {
        ["api-gateway"] = ["order-service"],
        ["order-service"] = ["payment-service", "inventory-worker"],
    });

    private static async Task<(RunSummary Summary, List<LogEntry> Entries)> RunAsync(double share, ulong seed)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var config = FakeClockRun.Config(5, Services) with { Traces = Calls(share), MessagePoolSize = 2_000 };
        var pool = PgVectorTestPools.WithRandomVectors(config.PoolLayout.Build(config.MessagePoolSize, seed), 8);
        var sink = new RecordingSink("rec", time);
        var summary = await FakeClockRun.RunAsync(config, pool, seed, [(sink, FakeClockRun.SinkConfig("rec"))], time);
        return (summary, [.. sink.Entries]);
    }

    private static bool IsUpstream(LogEntry e) => e.Message.Group == ServiceDomains.Upstream;

    [Fact]
    public async Task Every_trace_runs_through_the_graph_in_causal_timestamp_order()
    {
        var (summary, entries) = await RunAsync(share: 1, seed: 11);

        Assert.All(entries, e => Assert.True(e.HasTrace && e.SpanId != 0));
        var requests = entries.Where(e => e.Service == "api-gateway").Select(e => e.TraceId).ToHashSet();
        Assert.True(requests.Count > 800, $"{requests.Count} requests");
        foreach (var trace in entries.GroupBy(e => e.TraceId).Where(t => requests.Contains(t.Key)))
        {
            var ordered = trace.OrderBy(e => e.Timestamp).ToList();
            Assert.Equal(ordered.Count, ordered.Select(e => e.Timestamp).Distinct().Count());
            Assert.Equal("api-gateway", ordered[0].Service);
            for (var i = 1; i < ordered.Count; i++)
            {
                if (IsUpstream(ordered[i])) continue;
                // A callee logs only after its caller has.
                var caller = CallerOf[ordered[i].Service];
                Assert.Contains(ordered.Take(i), e => e.Service == caller);
            }
            // One span per service and request, and its lines share it.
            Assert.All(trace.GroupBy(e => e.Service), s => Assert.Single(s.Select(e => e.SpanId).Distinct()));
            Assert.Equal(trace.Select(e => e.Service).Distinct().Count(), trace.Select(e => e.SpanId).Distinct().Count());
        }

        // Each service's figures hold what was written under its name, whoever wrote it.
        foreach (var group in entries.GroupBy(e => e.Service)) Assert.Equal(group.LongCount(), summary.ByService[group.Key]);
        Assert.Equal(entries.Count, summary.Emitted);
    }

    [Fact]
    public async Task An_error_deep_in_the_graph_shows_upstream_as_a_timeout_or_5xx_at_every_caller()
    {
        var (_, entries) = await RunAsync(share: 1, seed: 12);
        var requests = entries.Where(e => e.Service == "api-gateway").Select(e => e.TraceId).ToHashSet();
        var propagated = 0;
        foreach (var trace in entries.Where(e => requests.Contains(e.TraceId)).GroupBy(e => e.TraceId))
        {
            var ordered = trace.OrderBy(e => e.Timestamp).ToList();
            var origins = ordered.Where(e => e.Level == LogLevel.Error && !IsUpstream(e)).ToList();
            var upstream = ordered.Where(IsUpstream).ToList();
            Assert.True(origins.Count <= 1, "a request stops at its first failure");
            if (origins.Count == 0)
            {
                Assert.Empty(upstream);
                continue;
            }

            // Every caller above the failure logs it, deepest first, after the failure and at ERROR.
            var origin = origins[0];
            var expected = new List<string>();
            for (var service = origin.Service; CallerOf.TryGetValue(service, out var caller); service = caller) expected.Add(caller);
            Assert.Equal(expected, upstream.Select(e => e.Service));
            Assert.All(upstream, e => Assert.True(e.Timestamp > origin.Timestamp && e.Level == LogLevel.Error));
            Assert.All(upstream, e => Assert.Matches(@"timed out|\b5\d\d\b", e.Text));
            // Nothing but the upstream lines follows the failure: no one is called after it.
            Assert.Equal(upstream, ordered.SkipWhile(e => e != origin).Skip(1));
            if (expected.Count >= 2) propagated++;
        }
        Assert.True(propagated > 20, $"only {propagated} failures two or more hops deep");
    }

    [Fact]
    public async Task A_share_of_the_roots_arrivals_start_requests_and_other_entries_are_traces_of_their_own()
    {
        var (_, entries) = await RunAsync(share: 0.3, seed: 13);

        var gateway = entries.Count(e => e.Service == "api-gateway" && !IsUpstream(e));
        var traceSizes = entries.GroupBy(e => e.TraceId).ToDictionary(t => t.Key, t => t.Count());
        // A request whose gateway line is an ERROR stops there (a trace of one): count those that reached order-service.
        var reached = entries.Where(e => e.Service == "order-service" && traceSizes[e.TraceId] > 1).Select(e => e.TraceId).Distinct().Count();
        // Binomial(~1,000 arrivals, 0.3 share x 0.9 not failing at the gateway): sd ~0.014, so ±0.07 is 5 sd.
        Assert.InRange(reached / (double)gateway, 0.3 * 0.9 - 0.07, 0.3 * 0.9 + 0.07);
        // Services nobody calls first log only on their own, one entry a trace.
        Assert.All(entries.Where(e => e.Service == "inventory-worker" && traceSizes[e.TraceId] == 1), e => Assert.False(IsUpstream(e)));
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_entries_and_the_same_traces()
    {
        static IEnumerable<string> Shape(List<LogEntry> entries)
        {
            // Trace ids are fresh every run (like entry ids); which entries share one is the seed's.
            var ordinal = new Dictionary<UInt128, int>();
            foreach (var e in entries.OrderBy(e => e.Timestamp).ThenBy(e => e.Service, StringComparer.Ordinal)) ordinal.TryAdd(e.TraceId, ordinal.Count);
            // Times from the run's first entry: the moment the run starts on the fake clock depends on
            // how far the test has moved the clock by then (machine load), the schedule after it does not.
            var start = entries.Min(e => e.Timestamp);
            return entries.OrderBy(e => e.Timestamp).ThenBy(e => e.Service, StringComparer.Ordinal)
                .Select(e => $"{(e.Timestamp - start).Ticks} {e.Service} {e.Level} {e.Text} trace#{ordinal[e.TraceId]}");
        }

        var first = await RunAsync(share: 0.5, seed: 21);
        var again = await RunAsync(share: 0.5, seed: 21);
        var other = await RunAsync(share: 0.5, seed: 22);

        Assert.Equal(Shape(first.Entries), Shape(again.Entries));
        Assert.NotEqual(Shape(first.Entries), Shape(other.Entries));
        Assert.Empty(first.Entries.Select(e => e.TraceId).Intersect(again.Entries.Select(e => e.TraceId)));
    }
}
