using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Bench.Capacity;

/// <summary>
/// What one capacity search found, with the figures of the step at its answer; when no step passed,
/// those of the lowest rate tried (which failed: how far from the target it was); null when no step ran.
/// </summary>
public sealed record CapacityOutcome(CapacityResult Result, QueryCell? AtAnswer);

/// <summary>
/// Runs one store and mode's capacity search: each step is the open-loop driver at the step's rate
/// (Poisson arrivals, failures, timeouts and unsent queries at the timeout) for step_secs, then the
/// wait for its last query (at most the timeout), so each step's figures hold every query it
/// scheduled; <see cref="CapacitySearch"/> picks the next rate. One step runs at a time.
/// </summary>
public sealed class CapacityRunner(TimeProvider time, CapacitySettings settings, int maxOutstanding, TimeSpan timeout)
{
    /// <param name="query">One query; it gets the run's stop token.</param>
    /// <param name="random">The arrivals' random source for step <c>i</c> (seeded, so a run repeats).</param>
    /// <param name="start">The timestamp <paramref name="observe"/>'s outcomes are timed from (the phases' start).</param>
    /// <param name="observe">Every due query as it ends, its ScheduledAt counted from <paramref name="start"/>.</param>
    /// <param name="stepped">Each step as it ends: its index, figures, and whether it was the last.</param>
    public async Task<CapacityOutcome> RunAsync(Func<CancellationToken, Task> query, Func<int, Random> random, long start,
        Action<QueryOutcome>? observe, Action<int, CapacityStep, bool, CapacityResult>? stepped, CancellationToken stop)
    {
        var search = new CapacitySearch(settings);
        var began = time.GetTimestamp();
        var cells = new Dictionary<double, QueryCell>();
        var stepLength = TimeSpan.FromSeconds(settings.StepSecs);
        for (var qps = search.Next(); qps is { } rate; qps = search.Next())
        {
            var cell = new QueryCell();
            var stepStart = time.GetTimestamp();
            var offset = time.GetElapsedTime(start, stepStart);
            var driver = new OpenLoopDriver(time, new PoissonSchedule(rate, random(search.Steps.Count)), maxOutstanding, timeout);
            await driver.RunAsync(stepStart, stepLength, query, outcome =>
            {
                cell.Record(outcome);
                observe?.Invoke(outcome with { ScheduledAt = outcome.ScheduledAt + offset });
            }, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested) return Ended(search, cells, stopped: true, began);
            var step = Measure(search, rate, cell);
            search.Record(step);
            cells[rate] = cell;
            var last = search.Next() is null;
            stepped?.Invoke(search.Steps.Count - 1, step, last, search.Result(secs: time.GetElapsedTime(began).TotalSeconds));
        }
        return Ended(search, cells, stopped: false, began);
    }

    private CapacityOutcome Ended(CapacitySearch search, Dictionary<double, QueryCell> cells, bool stopped, long began)
    {
        var result = search.Result(stopped, time.GetElapsedTime(began).TotalSeconds);
        var shown = result.P99Ms is not null ? result.MaxQpsAtSlo : cells.Keys.DefaultIfEmpty(-1).Min();
        return new CapacityOutcome(result, cells.GetValueOrDefault(shown));
    }

    /// <summary>A step's figures over every query it scheduled; a p99 that falls on a censored query is the timeout itself.</summary>
    private CapacityStep Measure(CapacitySearch search, double rate, QueryCell cell)
    {
        var all = cell.Latency.Snapshot();
        var censored = LatencyHistogram.Censored(all.Count, cell.Ok.Count, 99);
        var p99 = censored ? timeout.TotalMilliseconds : all.P99Ms;
        var errorRate = all.Count == 0 ? 0 : Math.Round((double)cell.Errors / all.Count, 5);
        return search.Judge(rate, all.Count, all.P50Ms, p99, errorRate, censored);
    }
}
