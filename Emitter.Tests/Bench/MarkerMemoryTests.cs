using System.Globalization;
using Emitter.Generator.Batching;
using Emitter.Generator.Bench;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Truth;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Bench;

/// <summary>
/// A bench's freshness markers cost the markers in flight, not the markers a run will ever write:
/// planning a bench of 2,000,000 s with a marker every millisecond allocates nothing per marker
/// (measured), the writer holds only the markers in flight over many intervals of a fake clock,
/// and what the summary reports per marker stays bounded too.
/// </summary>
public class MarkerMemoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BenchPlan Plan(double durationSecs, MessagePool pool)
    {
        using var file = new TempConfig($"""
            sinks:
              - type: stdout
            services:
              - name: api
                rate_per_sec: 1
            bench:
              phases:
                - name: long
                  duration_secs: {durationSecs.ToString(CultureInfo.InvariantCulture)}
                  write_rate: 0
              queries:
                modes: [keyword]
                timeout_ms: 100
                warmup: 0
              freshness:
                interval_ms: 1
                max_wait_secs: 0.2
                probe_interval_ms: 50
              relevance:
                needles: 0
            """);
        var config = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types).Load(file.Path, new ConfigOverrides());
        var plan = BenchPlan.Create(pool, config.Bench!, seed: 7);
        plan.Embedded(pool.Embedding!);
        return plan;
    }

    [Fact]
    public void Planning_a_bench_allocates_nothing_per_marker_however_long_it_runs()
    {
        var pool = TestPools.Small(dimensions: 8);
        Plan(1, pool); // warm: the loader's and YAML's own first-use costs
        long Allocated(double secs)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var plan = Plan(secs, pool);
            GC.KeepAlive(plan);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // A marker every millisecond: an hour is 3.6 million markers (planned up front, ~0.5 GB); 2,000,000 s is 2 billion.
        var hour = Allocated(3_600);
        var longest = Allocated(2_000_000);

        TestContext.Current.TestOutputHelper?.WriteLine($"plan of 3,600 s: {hour / 1024.0:N0} KB allocated; of 2,000,000 s: {longest / 1024.0:N0} KB");
        Assert.True(hour < 1024 * 1024, $"{hour:N0} bytes for an hour's plan");
        Assert.True(longest < 1024 * 1024, $"{longest:N0} bytes for 2,000,000 s");
    }

    [Fact]
    public async Task The_marker_writer_holds_only_the_markers_in_flight_over_many_intervals_on_a_fake_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var pool = TestPools.Small(dimensions: 8);
        var plan = Plan(30, pool); // 30,000 markers, one a millisecond
        var clock = new PhaseClock(plan.Config.Phases);
        var store = new NeverFinds();
        var measurements = new BenchMeasurements(clock, [store.Name], plan.Config.Queries.Modes);
        var times = new MarkerTimes(time, new Dictionary<string, StoredEntries>());
        var writer = new MarkerWriter(plan, [store], measurements, new EntryTally(), 0.01f, time, times);
        var batcher = new Batcher(1000, TimeSpan.FromMilliseconds(100), time);
        var run = writer.RunAsync(time.GetTimestamp(), batcher, new SinkFanOut([]), Ct, Ct);

        // A marker is probed for max_wait (200 ms) plus the timeout (100 ms): ~300 in flight at one a millisecond.
        var inFlightBound = (int)((plan.Config.Freshness.MaxWaitSecs * 1000 + plan.Config.Queries.TimeoutMs) / plan.Config.Freshness.IntervalMs);
        long peak = 0, peakHeld = 0;
        var done = Task.WhenAll(run, writer.ProbesDone);
        while (!done.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1, Ct);
            peak = Math.Max(peak, writer.InFlight);
            peakHeld = Math.Max(peakHeld, times.Outstanding);
        }
        await done;

        Assert.True(writer.Written >= 30_000, $"{writer.Written} written");
        Assert.Equal((0L, 0), (writer.InFlight, times.Outstanding));
        var cell = measurements.For(store.Name, SearchMode.Keyword);
        Assert.Equal(writer.Written, cell.FreshnessOverall.Missing); // every marker ended, missing (the store never finds one)
        Assert.True(times.All().Count <= MarkerTimes.MaxKept, $"{times.All().Count} kept");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{writer.Written:N0} markers over {clock.Duration.TotalSeconds:0} s of fake time: at most {peak:N0} in flight (bound {inFlightBound:N0} per lifetime, plus the clock's 10 ms steps), {peakHeld:N0} held; {times.All().Count:N0} kept (every {times.Every})");
        // The fake clock moves in 10 ms steps and the probes' continuations may lag it: allow a few lifetimes, not the run.
        Assert.True(peak <= 4 * inFlightBound, $"{peak:N0} in flight");
    }

    /// <summary>A store that answers at once and never holds the marker: each one is probed until max_wait and counted missing.</summary>
    private sealed class NeverFinds : ISearchStore
    {
        public string Name => "never";
        public IReadOnlyDictionary<string, object> FreshnessSettings { get; } = new Dictionary<string, object>();
        public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Guid>>([]);
        public Task<bool> BuildIndexesAsync(CancellationToken cancellationToken) => Task.FromResult(false);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public void Marker_times_keep_an_evenly_spaced_sample_of_at_most_ten_thousand_and_let_go_of_the_rest_and_their_acks()
    {
        var time = new FakeTimeProvider();
        var stored = new StoredEntries("store", trackEntries: false, time);
        var times = new MarkerTimes(time, new Dictionary<string, StoredEntries> { ["store"] = stored });
        const int written = 100_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < written; k++)
        {
            var id = Guid.NewGuid();
            times.Emitted(id, time.GetTimestamp(), TimeSpan.FromMilliseconds(k));
            stored.MarkerAcked!(id, time.GetTimestamp());
            times.Retire(id);
        }
        // An ack that comes after its marker was let go is not kept either.
        stored.MarkerAcked!(Guid.NewGuid(), time.GetTimestamp());

        var kept = times.All();
        Assert.Equal(0, times.Outstanding);
        Assert.Equal(16, times.Every); // 100,000 / 16 = 6,250 <= 10,000 < 100,000 / 8
        Assert.Equal(written / 16, kept.Count);
        Assert.All(kept, m => Assert.Equal(0, m.Sequence % 16));
        Assert.All(kept, m => Assert.NotNull(times.AckedAt("store", m)));
        TestContext.Current.TestOutputHelper?.WriteLine($"{written:N0} markers: {kept.Count:N0} kept (every {times.Every}); {(GC.GetAllocatedBytesForCurrentThread() - before) / 1048576.0:N1} MB allocated in all");
    }
}
