using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Reporting;

/// <summary>A status line on stderr every few seconds, so a long run can be watched: rate, lag, queues.</summary>
/// <param name="reads">During a bench, the reads of the last interval (queries and markers per store and mode).</param>
internal sealed class RunStatus(IReadOnlyList<ServiceEmitter> emitters, IReadOnlyList<SinkPipeline> pipelines, TimeProvider time, ILogger logger,
    Func<TimeSpan, string>? reads = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public async Task ReportAsync(long start, CancellationToken stop)
    {
        var lastCount = 0L;
        var lastAt = start;
        try
        {
            while (true)
            {
                await Task.Delay(Interval, time, stop).ConfigureAwait(false);
                var now = time.GetTimestamp();
                var count = emitters.Sum(e => e.Emitted);
                var rate = (count - lastCount) / time.GetElapsedTime(lastAt, now).TotalSeconds;
                logger.LogInformation("Emitted {Count:N0} ({Rate:N0}/s over the last {Seconds:0} s), max lag {Lag:N0} ms; sinks: {Sinks}",
                    count, rate, Interval.TotalSeconds, emitters.Max(e => e.MaxLag.TotalMilliseconds),
                    string.Join(", ", pipelines.Select(p => $"{p.Name} delivered {p.Stats.Delivered:N0}, queued {p.QueueDepth} batches")));
                if (reads is not null) logger.LogInformation("{Reads}", reads(Interval));
                (lastCount, lastAt) = (count, now);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
