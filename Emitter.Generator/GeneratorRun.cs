using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Reporting;
using Emitter.Generator.Telemetry;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator;

/// <summary>
/// One run from the first entry to the summary: emitters feed the batcher, batches fan out to
/// every sink's pipeline, and on run end or stop the partial batch is flushed and every sink
/// queue drains within the grace period. What runs before, beside and after the emitters, and how
/// long and at what rate, is the run plan's (<see cref="IRunPlan"/>).
/// </summary>
/// <param name="plan">What runs around the emitters; null: a plain run (<see cref="PlainRunPlan"/>).</param>
/// <param name="families">The incidents' own messages (already in the sinks' pool); needed when the config has incidents.</param>
public sealed class GeneratorRun(EmitterConfig config, MessagePool pool, ulong seed, IReadOnlyList<SinkPipeline> pipelines, TimeProvider time, ILogger logger,
    IRunPlan? plan = null, IncidentFamilies? families = null)
{
    private readonly IRunPlan _plan = plan ?? new PlainRunPlan(config);

    private Func<RunSummary>? _soFar;

    /// <summary>What is counted so far, for a stop that will not wait for the drain; null before emission starts.</summary>
    public RunSummary? SoFar() => Volatile.Read(ref _soFar)?.Invoke();

    public async Task<RunSummary> RunAsync(CancellationToken stop)
    {
        var grace = TimeSpan.FromSeconds(config.ShutdownGraceSecs);
        using var hardStop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        await using var graceOnStop = stop.Register(() => hardStop.CancelAfter(grace));

        var batcher = new Batcher(config.BufferSize, TimeSpan.FromMilliseconds(config.FlushIntervalMs), time);
        var fanOut = new SinkFanOut(pipelines);
        foreach (var pipeline in pipelines) pipeline.Start();
        await _plan.BeforeAsync(fanOut, stop, hardStop.Token).ConfigureAwait(false);

        var traces = config.Traces is { } calls ? new TracePlan(calls, config.Services, pool) : null;
        var duration = _plan.Duration;
        families ??= IncidentFamilies.Create(IncidentConfig.Affected(config.Incidents), pool, seed);
        var emitters = config.Services.Select(s => Emitter(s, batcher, fanOut, duration, families, traces)).ToList();

        logger.LogInformation("Emitting {Rate:N0} entries/s from {Services} services for {Duration} to {Sinks}",
            config.TargetRate, emitters.Count, duration?.ToString() ?? "ever (Ctrl+C stops)", string.Join(", ", pipelines.Select(p => p.Name)));

        var skip = await WaitForStartAsync(stop).ConfigureAwait(false);
        var start = time.GetTimestamp() - (long)(skip * time.TimestampFrequency);
        Volatile.Write(ref _soFar, () => SummaryBuilder.Build(config, seed, pool, emitters, pipelines, time.GetElapsedTime(start).TotalSeconds));
        using var telemetry = new RunTelemetry(emitters, batcher, pipelines, time, start);
        var startWall = config.StartAt ?? time.GetUtcNow();
        // A timed run behind a slow sink (on_full: block) may catch up for one grace period past
        // its end; a publish still blocked then is given up (counted failed), so the run always ends.
        using var catchUpOver = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        await using var hardStopEndsCatchUp = hardStop.Token.Register(catchUpOver.Cancel);
        if (duration is { } timed) catchUpOver.CancelAfter(timed + grace);
        using var flushing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var flushLoop = FlushOnIntervalAsync(batcher, fanOut, catchUpOver.Token, flushing.Token);
        var statusLoop = new RunStatus(emitters, pipelines, time, logger, _plan.StatusLine).ReportAsync(start, flushing.Token);
        _plan.Beside(start, batcher, fanOut, emitters, stop, catchUpOver.Token);
        await Task.WhenAll(emitters.Select(e => Task.Run(() => e.RunAsync(start, startWall, duration, grace, stop, catchUpOver.Token, skip)))).ConfigureAwait(false);
        // The plan's own entries (a bench's markers) go through the batcher too: the last of them before the last flush.
        await _plan.WritesDone.ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(start);

        await flushing.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(flushLoop, statusLoop).ConfigureAwait(false);
        // The last partial batch gets one grace period to find room, stopped or not.
        if (!stop.IsCancellationRequested) hardStop.CancelAfter(grace);
        if (batcher.FlushRemaining() is { } last) await fanOut.PublishAsync(last, hardStop.Token).ConfigureAwait(false);

        logger.LogInformation("Emitters stopped; draining {Sinks} sink queues (grace {Grace:0} s)", pipelines.Count, grace.TotalSeconds);
        // The drain ends with the same grace period: a stop gets one grace period in all, however the sinks behave.
        // What runs after the emitters (a bench's last queries and marker probes) finishes while the sinks drain (probes need the drain).
        await Task.WhenAll([.. pipelines.Select(p => p.CompleteAsync(hardStop.Token)), _plan.AfterAsync()]).ConfigureAwait(false);

        // Wall time from the first schedule slot to the last emitter's return: an emitter that fell
        // behind finishes late, and the achieved rate shows it.
        return _plan.Summarize(SummaryBuilder.Build(config, seed, pool, emitters, pipelines, elapsed.TotalSeconds, _plan.Tally, startWall));
    }

    private ServiceEmitter Emitter(ServiceConfig service, Batcher batcher, SinkFanOut fanOut, TimeSpan? duration, IncidentFamilies families, TracePlan? traces)
    {
        var sequence = new ServiceSequence(service, pool, seed, config.Shard);
        var incidents = new ServiceIncidents(service.Name, config.Incidents, families);
        if (service.Shape is null && !incidents.Any)
            return new ServiceEmitter(service, sequence, batcher, fanOut, time, _plan.Schedule, traces);

        var shape = service.Shape;
        var timeline = new ShapedTimeline(t => (shape?.Multiplier(t) ?? 1) * incidents.RateMultiplier(t),
            duration?.TotalSeconds ?? ConfigLoader.MaxSeconds);
        return new ServiceEmitter(service, sequence, batcher, fanOut, time, timeline, traces, incidents.Any ? incidents : null);
    }

    /// <summary>
    /// With a common start time (shards): waits for it, or, started late, returns how many seconds
    /// of the schedule are already past, so every shard keeps the same phase clock.
    /// </summary>
    private async Task<double> WaitForStartAsync(CancellationToken stop)
    {
        if (config.StartAt is not { } at) return 0;
        var wait = at - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            logger.LogInformation("Waiting {Wait:0.0} s for the common start at {StartAt:O}", wait.TotalSeconds, at);
            await Task.Delay(wait, time, stop).ConfigureAwait(false);
            return 0;
        }
        if (wait < -TimeSpan.FromMilliseconds(100))
            logger.LogWarning("Started {Late:0.0} s after the common start at {StartAt:O}: the schedule's first {Late:0.0} s are not emitted", -wait.TotalSeconds, at, -wait.TotalSeconds);
        return -wait.TotalSeconds;
    }

    private static async Task FlushOnIntervalAsync(Batcher batcher, SinkFanOut fanOut, CancellationToken hardStop, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var wait = batcher.UntilDue();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, batcher.Time, stop).ConfigureAwait(false);
                if (batcher.FlushIfDue() is { } batch) await fanOut.PublishAsync(batch, hardStop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
