using System.Diagnostics;
using System.Globalization;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Queries;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using HdrHistogram;

namespace Emitter.Performance;

/// <summary>
/// The bench's open-loop query driver against a store that answers at once, with the bench's
/// own measurement behind it (histograms, series, the OTel instrument): its ceiling (queries/s
/// when it never waits) and, at a target rate, the latency it adds by itself, i.e. what every
/// reported latency carries that is not the server's. Run it on one core (--cores 1).
/// </summary>
public static class QueryDriverBenchmark
{
    private const double CeilingRate = 50_000_000; // far above what one core can send: the driver never waits

    public static async Task RunAsync(EndToEndOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        var count = options.Count;
        var rate = options.Rate;
        Console.WriteLine(string.Create(c, $"query-driver: {Environment.ProcessorCount} core(s) visible, affinity {Affinity()}"));

        await CeilingAsync(Math.Min(count, 50_000)); // warm-up: JIT, tiered compilation
        var ceiling = await CeilingAsync(count);
        await OverheadAsync(rate, 1); // warm-up
        var overhead = await OverheadAsync(rate, options.Seconds);

        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine(string.Create(c, $"| ceiling: {count:N0} queries, never waiting | {ceiling:N0} queries/s |"));
        Console.WriteLine(string.Create(c, $"| at {rate:N0} queries/s for {options.Seconds:0.#} s: queries measured | {overhead.Count:N0} |"));
        Console.WriteLine(string.Create(c, $"| sent early (due within 2 ms; measured from the send) | {overhead.Early:N0} |"));
        Console.WriteLine(string.Create(c, $"| send lateness of the others (sent - due) p50 / p99 / max | {overhead.Lateness.P50:N1} / {overhead.Lateness.P99:N1} / {overhead.Lateness.Max:N1} µs |"));
        Console.WriteLine(string.Create(c, $"| driver overhead (measured - store) p50 / p99 / max | {overhead.Overhead.P50:N1} / {overhead.Overhead.P99:N1} / {overhead.Overhead.Max:N1} µs |"));
        Console.WriteLine(string.Create(c, $"| store's own time p99 | {overhead.Store.P99:N1} µs |"));
    }

    /// <summary>Queries/s through the driver when the schedule is always due (it never sleeps).</summary>
    private static async Task<double> CeilingAsync(int count)
    {
        var store = new ZeroLatencyStore { Recording = false };
        var (driver, measurements, query) = Setup(store, CeilingRate, TimeSpan.FromSeconds(count / CeilingRate));
        long done = 0;
        var start = Stopwatch.GetTimestamp();
        await driver.RunAsync(start, measurements.Clock.Duration, query, outcome =>
        {
            measurements.Query(store.Name, SearchMode.Vector, outcome);
            done++;
        }, CancellationToken.None);
        return done / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task<OverheadFigures> OverheadAsync(double rate, double seconds)
    {
        var store = new ZeroLatencyStore();
        var (driver, measurements, query) = Setup(store, rate, TimeSpan.FromSeconds(seconds));
        var lateness = Histogram();
        var overhead = Histogram();
        var own = Histogram();
        long unmatched = 0, early = 0;
        var start = Stopwatch.GetTimestamp();
        await driver.RunAsync(start, measurements.Clock.Duration, query, outcome =>
        {
            measurements.Query(store.Name, SearchMode.Vector, outcome);
            // The store answers synchronously, so outcomes arrive in call order.
            if (!store.Calls.TryDequeue(out var call))
            {
                unmatched++;
                return;
            }
            var storeTicks = call.Ended - call.Began;
            var due = start + (long)(outcome.ScheduledAt.TotalSeconds * Stopwatch.Frequency);
            if (call.Began < due) early++;
            else lateness.RecordValue(Nanos(call.Began - due));
            overhead.RecordValue(Nanos(Math.Max(0, (long)(outcome.Latency.TotalSeconds * Stopwatch.Frequency) - storeTicks)));
            own.RecordValue(Nanos(storeTicks));
        }, CancellationToken.None);
        if (unmatched > 0 || !store.Calls.IsEmpty) Console.WriteLine($"  warning: {unmatched} outcomes without a store call, {store.Calls.Count} calls without an outcome");
        return new OverheadFigures(overhead.TotalCount, early, Micros(lateness), Micros(overhead), Micros(own));
    }

    private static (OpenLoopDriver Driver, BenchMeasurements Measurements, Func<CancellationToken, Task> Query) Setup(ZeroLatencyStore store, double rate, TimeSpan duration)
    {
        var clock = new PhaseClock([new BenchPhase("steady", duration.TotalSeconds, 0)]);
        var measurements = new BenchMeasurements(clock, [store.Name], [SearchMode.Vector]);
        var picker = new QueryPicker(DefaultQueries.All.Select(t => new BenchQuery(t, new float[384])).ToList());
        // As BenchRun builds it: the next query in turn, to the store, in one mode.
        Func<CancellationToken, Task> query = ct =>
        {
            var q = picker.Next();
            return store.SearchAsync(SearchMode.Vector, q.Text, q.Vector, 10, ct);
        };
        return (new OpenLoopDriver(TimeProvider.System, new PoissonSchedule(rate, new Random(42)), int.MaxValue - 1), measurements, query);
    }

    private static LongHistogram Histogram() => new(1, 60_000_000_000L, 3);

    private static long Nanos(long ticks) => Math.Max(1, (long)(ticks * (1e9 / Stopwatch.Frequency)));

    private static Percentiles Micros(LongHistogram h) => h.TotalCount == 0
        ? new Percentiles(double.NaN, double.NaN, double.NaN)
        : new Percentiles(h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0, h.GetMaxValue() / 1000.0);

    private static string Affinity()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsWindows())) return "n/a";
        var mask = (long)Process.GetCurrentProcess().ProcessorAffinity;
        return string.Join(",", Enumerable.Range(0, 64).Where(i => (mask & (1L << i)) != 0).Select(i => $"cpu{i}"));
    }

    private sealed record Percentiles(double P50, double P99, double Max);

    private sealed record OverheadFigures(long Count, long Early, Percentiles Lateness, Percentiles Overhead, Percentiles Store);
}
