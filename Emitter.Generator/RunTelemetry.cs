using System.Diagnostics.Metrics;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Telemetry;

namespace Emitter.Generator;

/// <summary>
/// The run's counters as observable instruments: read from the emitters' and pipelines' own
/// counts when a collector asks, so the hot path pays nothing per entry. Disposed with the run.
/// </summary>
public sealed class RunTelemetry : IDisposable
{
    private readonly Meter _meter = new(EmitterDiagnostics.Name);

    public RunTelemetry(IReadOnlyList<ServiceEmitter> emitters, Batcher batcher, IReadOnlyList<SinkPipeline> pipelines, TimeProvider time, long start)
    {
        _meter.CreateObservableCounter("emitter.entries.emitted", () => emitters.SelectMany(e => LogLevels.All.Select(level =>
            new Measurement<long>(e.CountOf(level), new("service", e.Service.Name), new("level", level.Name())))),
            "{entry}", "Entries emitted, by service and level");
        _meter.CreateObservableCounter("emitter.batches.flushed", () => batcher.Flushed, "{batch}", "Batches sealed and handed to the sinks");
        Sink("emitter.sink.entries.delivered", p => p.Stats.Delivered, "Entries a sink wrote");
        Sink("emitter.sink.entries.failed", p => p.Stats.Failed, "Entries a sink could not write");
        Sink("emitter.sink.entries.dropped", p => p.Stats.Dropped, "Entries dropped because the sink's queue was full (on_full: drop)");
        Sink("emitter.sink.retries", p => p.Retries, "Retried writes");
        _meter.CreateObservableGauge("emitter.sink.queue.depth", () => pipelines.Select(p => new Measurement<int>(p.QueueDepth, new KeyValuePair<string, object?>("sink", p.Name))),
            "{batch}", "Batches waiting in a sink's queue");
        _meter.CreateObservableGauge("emitter.rate.target", () => emitters.Sum(e => e.Service.RatePerSec), "{entry}/s", "Configured entries per second");
        _meter.CreateObservableGauge("emitter.rate.achieved", () => emitters.Sum(e => e.Emitted) / Math.Max(time.GetElapsedTime(start).TotalSeconds, 1e-3),
            "{entry}/s", "Entries per second since the run started");
        _meter.CreateObservableGauge("emitter.lag.max", () => emitters.Count == 0 ? 0 : emitters.Max(e => e.MaxLag.TotalMilliseconds),
            "ms", "Longest an entry waited past its scheduled time");

        void Sink(string name, Func<SinkPipeline, long> read, string description) =>
            _meter.CreateObservableCounter(name, () => pipelines.Select(p => new Measurement<long>(read(p), new KeyValuePair<string, object?>("sink", p.Name))),
                "{entry}", description);
    }

    public void Dispose() => _meter.Dispose();
}
