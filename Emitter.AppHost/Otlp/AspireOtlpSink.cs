using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Emitter.AppHost.Otlp;

/// <summary>
/// <c>Emitter:Otlp=aspire</c>: every generator also exports its synthetic logs and request traces
/// over OTLP to the Aspire dashboard, at a modest rate (<c>Emitter:OtlpMaxRate</c> records/s, 200
/// by default; what is over is dropped and counted), so the synthetic services show in Structured
/// Logs and Traces beside the real ones. The endpoint, API-key header and protocol are the ones
/// Aspire already gives the generator for its own telemetry (OTEL_EXPORTER_OTLP_*).
/// </summary>
public static class AspireOtlpSink
{
    public const string Key = "Emitter:Otlp";
    public const string MaxRateKey = "Emitter:OtlpMaxRate";
    public const int DefaultMaxRate = 200;

    /// <summary>The records/s the sink sends, or null when the switch is off; a bad value is one line naming the key.</summary>
    public static int? MaxRate(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!value.Trim().Equals("aspire", StringComparison.OrdinalIgnoreCase))
            throw new AppHostSettingException($"{Key}: expected aspire (the Aspire dashboard's OTLP endpoint), got '{value}'");
        var rate = configuration[MaxRateKey];
        if (string.IsNullOrWhiteSpace(rate)) return DefaultMaxRate;
        return int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1_000_000
            ? n
            : throw new AppHostSettingException($"{MaxRateKey}: expected records per second from 1 to 1000000, got '{rate}'");
    }

    /// <summary>Copies the generator's own OTLP settings (set by Aspire before this callback runs) into its OTLP sink's keys.</summary>
    public static IResourceBuilder<ProjectResource> WithAspireOtlpSink(this IResourceBuilder<ProjectResource> generator, int maxRate) =>
        generator.WithEnvironment(context =>
        {
            var env = context.EnvironmentVariables;
            if (!env.TryGetValue("OTEL_EXPORTER_OTLP_ENDPOINT", out var endpoint)) return; // no dashboard (the testing builder's default)
            env["Emitter__OtlpSink__Endpoint"] = endpoint;
            if (env.TryGetValue("OTEL_EXPORTER_OTLP_HEADERS", out var headers)) env["Emitter__OtlpSink__Headers"] = headers;
            if (env.TryGetValue("OTEL_EXPORTER_OTLP_PROTOCOL", out var protocol)) env["Emitter__OtlpSink__Protocol"] = protocol;
            env["Emitter__OtlpSink__MaxRate"] = maxRate.ToString(CultureInfo.InvariantCulture);
            env["Emitter__OtlpSink__Signals"] = "logs,traces";
        });
}
