using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Emitter.Generator.Telemetry;

/// <summary>
/// Emitter's own activity source and the instruments recorded as things happen. The name matches
/// what Emitter.ServiceDefaults subscribes to, so an app host's dashboard shows them.
/// </summary>
public static class EmitterDiagnostics
{
    public const string Name = "Emitter";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>
    /// Bucket boundaries in seconds for latencies from 0.5 ms to a minute. The SDK's default
    /// (0, 5, 10, 25 ... 10000, meant for milliseconds) puts every latency under 5 s in one
    /// bucket of a histogram recorded in seconds, so no dashboard could show a percentile.
    /// </summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
    [
        0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30, 60,
    ];

    private static InstrumentAdvice<double> Latency => new() { HistogramBucketBoundaries = LatencyBuckets };

    /// <summary>How long one batch write to a sink took, retries included.</summary>
    public static readonly Histogram<double> SinkWriteDuration = Meter.CreateHistogram<double>(
        "emitter.sink.write.duration", "s", "Time to write one batch to a sink, retries included", tags: null, advice: Latency);

    /// <summary>A bench query's latency (open loop: from its scheduled time), tagged store, mode and phase.</summary>
    public static readonly Histogram<double> BenchQueryDuration = Meter.CreateHistogram<double>(
        "emitter.bench.query.duration", "s", "Search latency of a bench query, from its scheduled time to its answer", tags: null, advice: Latency);

    /// <summary>How long a freshness marker took from being written to being found by a search, tagged store, mode and phase.</summary>
    public static readonly Histogram<double> BenchFreshness = Meter.CreateHistogram<double>(
        "emitter.bench.freshness", "s", "Time from writing a marker entry until a search finds it", tags: null, advice: Latency);
}
