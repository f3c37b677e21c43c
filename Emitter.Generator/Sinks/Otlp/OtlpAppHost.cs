namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// The configuration keys through which an app host (Emitter:Otlp=aspire) adds an OTLP sink not
/// listed in the file: the Aspire dashboard's OTLP endpoint, its API-key header and protocol (the
/// values Aspire gives the generator for its own telemetry), and a modest rate.
/// </summary>
public static class OtlpAppHost
{
    public const string Endpoint = "Emitter:OtlpSink:Endpoint";
    public const string Headers = "Emitter:OtlpSink:Headers";
    public const string Protocol = "Emitter:OtlpSink:Protocol";
    public const string MaxRate = "Emitter:OtlpSink:MaxRate";
    public const string Signals = "Emitter:OtlpSink:Signals";

    /// <summary>How the app host announces the sink: its endpoint, and the rest when set.</summary>
    public static Configuration.InjectedSink Injected { get; } = new(Endpoint, "endpoint",
    [
        (Headers, "headers"),
        (Protocol, "protocol"),
        (MaxRate, "max_rate"),
        (Signals, "signals"),
    ]);
}
