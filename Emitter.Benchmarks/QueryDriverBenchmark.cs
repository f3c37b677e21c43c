using System.Globalization;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;

namespace Emitter.Benchmarks;

/// <summary>
/// The bench's open-loop query driver against a server that answers at once: its ceiling (queries
/// per second with the schedule far above it) and, at 1,000 queries/s, its own added latency
/// (scheduled time to completion, all of it the client's: timer lateness, dispatch, recording).
/// </summary>
public static class QueryDriverBenchmark
{
    public static async Task RunAsync(EndToEndOptions options)
    {
        var seconds = TimeSpan.FromSeconds(options.Seconds);
        var c = CultureInfo.InvariantCulture;

        // A schedule far above the ceiling: the driver falls behind and fires as fast as it can, so
        // queries per second of wall time (not of schedule) is its ceiling.
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var ceiling = await DriveAsync(options.Rate, TimeSpan.FromSeconds(options.Seconds / 10));
        Console.WriteLine(string.Create(c, $"ceiling: {ceiling.Answered / wall.Elapsed.TotalSeconds:N0} queries/s ({ceiling.Answered:N0} in {wall.Elapsed.TotalSeconds:0.0} s, zero-latency server, {ceiling.Refused:N0} refused at max_outstanding)"));

        foreach (var rate in new[] { 100.0, 1_000.0, 10_000.0 })
        {
            var run = await DriveAsync(rate, seconds);
            var s = run.Latency.Snapshot();
            Console.WriteLine(string.Create(c, $"overhead at {rate:N0}/s: {s.Count:N0} queries, p50 {s.P50Ms * 1000:N0} us, p90 {s.P90Ms * 1000:N0} us, p99 {s.P99Ms * 1000:N0} us, max {s.MaxMs * 1000:N0} us"));
        }
    }

    private static async Task<(long Answered, long Refused, LatencyHistogram Latency)> DriveAsync(double rate, TimeSpan duration)
    {
        var latency = new LatencyHistogram();
        long answered = 0, refused = 0;
        var driver = new OpenLoopDriver(TimeProvider.System, new PoissonSchedule(rate, new Random(1)), maxOutstanding: 10_000);
        await driver.RunAsync(TimeProvider.System.GetTimestamp(), duration, _ => Task.CompletedTask, outcome =>
        {
            if (outcome.Error is not null)
            {
                Interlocked.Increment(ref refused);
                return;
            }
            Interlocked.Increment(ref answered);
            latency.Record(outcome.Latency);
        }, CancellationToken.None);
        return (answered, refused, latency);
    }
}
