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

    /// <summary>How long one batch write to a sink took, retries included.</summary>
    public static readonly Histogram<double> SinkWriteDuration = Meter.CreateHistogram<double>(
        "emitter.sink.write.duration", "s", "Time to write one batch to a sink, retries included");

    /// <summary>A bench query's latency (open loop: from its scheduled time), tagged store, mode and phase.</summary>
    public static readonly Histogram<double> BenchQueryDuration = Meter.CreateHistogram<double>(
        "emitter.bench.query.duration", "s", "Search latency of a bench query, from its scheduled time to its answer");

    /// <summary>How long a freshness marker took from being written to being found by a search, tagged store, mode and phase.</summary>
    public static readonly Histogram<double> BenchFreshness = Meter.CreateHistogram<double>(
        "emitter.bench.freshness", "s", "Time from writing a marker entry until a search finds it");
}
