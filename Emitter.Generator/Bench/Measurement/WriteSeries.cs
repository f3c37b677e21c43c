using Emitter.Generator.Batching;
using Emitter.Generator.Emission;

namespace Emitter.Generator.Bench.Measurement;

/// <summary>
/// The write side sampled once per series interval through the phases, for the chart's write-rate
/// and backlog panels: entries emitted, and per sink entries delivered and not yet delivered.
/// Reads counters the emitters and pipelines keep anyway; nothing per entry.
/// </summary>
public sealed class WriteSeries(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly List<WritePoint> _points = [];

    public IReadOnlyList<WritePoint> Points()
    {
        lock (_gate) return [.. _points];
    }

    public async Task RunAsync(long start, TimeSpan duration, IReadOnlyList<ServiceEmitter> emitters, IReadOnlyList<SinkPipeline> pipelines, TimeProvider time, CancellationToken stop)
    {
        var baseline = pipelines.ToDictionary(p => p.Name, p => p.Stats.Delivered);
        var (lastEmitted, lastDelivered) = (0L, baseline);
        try
        {
            for (var tick = 1; tick * interval <= duration + interval; tick++)
            {
                var wait = tick * interval - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stop).ConfigureAwait(false);
                var emitted = emitters.Sum(e => e.Emitted);
                var delivered = pipelines.ToDictionary(p => p.Name, p => p.Stats.Delivered);
                var seconds = interval.TotalSeconds;
                var point = new WritePoint(
                    (tick - 0.5) * seconds,
                    Math.Round((emitted - lastEmitted) / seconds, 1),
                    delivered.ToDictionary(kv => kv.Key, kv => Math.Round((kv.Value - lastDelivered[kv.Key]) / seconds, 1)),
                    // Services' entries emitted since the phases began and not yet delivered (markers are few and left out).
                    delivered.ToDictionary(kv => kv.Key, kv => Math.Max(0, emitted - (kv.Value - baseline[kv.Key]))),
                    emitters.Count == 0 ? 0 : Math.Round(emitters.Max(e => e.MaxLag.TotalMilliseconds), 1));
                lock (_gate) _points.Add(point);
                (lastEmitted, lastDelivered) = (emitted, delivered);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}

/// <param name="AtSecs">Middle of the interval, seconds since the phases began.</param>
/// <param name="EmittedPerSec">Entries the services emitted per second in the interval.</param>
/// <param name="DeliveredPerSec">Entries each sink wrote per second in the interval (bench markers included).</param>
/// <param name="Backlog">Entries emitted since the phases began that each sink had not yet delivered at the interval's end.</param>
/// <param name="MaxLagMs">The emitters' worst lag behind schedule so far.</param>
public sealed record WritePoint(double AtSecs, double EmittedPerSec, IReadOnlyDictionary<string, double> DeliveredPerSec, IReadOnlyDictionary<string, long> Backlog, double MaxLagMs);
