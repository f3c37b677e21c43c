using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>OTLP's two transports (opentelemetry-proto docs/specification.md).</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

public enum OtlpCompression
{
    None,
    Gzip,
}

/// <summary>
/// An OTLP sink's settings, checked. Defaults are the specification's: gRPC on 4317, HTTP on 4318
/// with <c>/v1/logs</c> and <c>/v1/traces</c> appended to the endpoint (as OTEL_EXPORTER_OTLP_ENDPOINT
/// is read); TLS when the endpoint is https. <c>headers</c> is written as OTEL_EXPORTER_OTLP_HEADERS
/// (<c>key=value,key2=value2</c>, values percent-decoded) and is never printed.
/// </summary>
public sealed record OtlpSinkOptions(Uri Endpoint, OtlpProtocol Protocol, IReadOnlyList<KeyValuePair<string, string>> Headers, TimeSpan Timeout,
    OtlpCompression Compression, bool Traces, int MaxRate)
{
    public const int GrpcPort = 4317;
    public const int HttpPort = 4318;

    /// <summary>OTEL_EXPORTER_OTLP_TIMEOUT's default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The highest max_rate (records/s); 0 means none.</summary>
    public const int MaxMaxRate = 100_000_000;

    public static readonly SinkKeys Keys = new();
    private static readonly string EndpointKey = Keys.Add("endpoint");
    private static readonly string ProtocolKey = Keys.Add("protocol");
    private static readonly string HeadersKey = Keys.Add("headers");
    private static readonly string TimeoutKey = Keys.Add("timeout_ms");
    private static readonly string CompressionKey = Keys.Add("compression");
    private static readonly string SignalsKey = Keys.Add("signals");
    private static readonly string MaxRateKey = Keys.Add("max_rate");

    private static readonly Dictionary<string, OtlpProtocol> Protocols = new()
    {
        ["grpc"] = OtlpProtocol.Grpc,
        ["http/protobuf"] = OtlpProtocol.HttpProtobuf,
    };

    public static OtlpSinkOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys(Keys);
        var protocol = settings.Choice(ProtocolKey, Protocols, OtlpProtocol.Grpc);
        var port = protocol == OtlpProtocol.Grpc ? GrpcPort : HttpPort;
        var endpoint = settings.HttpUrl(EndpointKey, $"http://localhost:{port}") ?? new Uri($"http://localhost:{port}");
        return new OtlpSinkOptions(endpoint, protocol, ParseHeaders(settings), settings.Timeout(TimeoutKey, DefaultTimeout, TimeUnit.Milliseconds),
            settings.Enum(CompressionKey, OtlpCompression.None), ParseSignals(settings), settings.Int(MaxRateKey, 0, min: 0, max: MaxMaxRate));
    }

    public string ProtocolName => Protocols.First(p => p.Value == Protocol).Key;

    private static bool ParseSignals(SinkSettings settings)
    {
        if (settings.String(SignalsKey) is not { } text) return false;
        var signals = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToList();
        if (signals.FirstOrDefault(s => s is not ("logs" or "traces")) is { } unknown)
            throw settings.Error(SignalsKey, $"unknown signal '{unknown}' (expected logs, or [logs, traces])");
        if (!signals.Contains("logs"))
            throw settings.Error(SignalsKey, "must include logs (the entries are logs; traces come with them)");
        return signals.Contains("traces");
    }

    // OTEL_EXPORTER_OTLP_HEADERS' form (W3C baggage-like): key=value pairs, comma separated, values percent-encoded.
    private static List<KeyValuePair<string, string>> ParseHeaders(SinkSettings settings)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (settings.Secret(HeadersKey, "leave it out, or give key=value pairs") is not { } text) return headers;
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals > 0 ? pair[..equals].Trim().ToLowerInvariant() : "";
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "-_.".Contains(c)))
                throw settings.Error(HeadersKey, $"expected key=value pairs separated by commas ({settings.Hidden(HeadersKey)})");
            headers.Add(new(name, Uri.UnescapeDataString(pair[(equals + 1)..].Trim())));
        }
        return headers;
    }

    // Not the record's generated form: headers carry secrets, the endpoint may carry user information.
    public override string ToString() =>
        $"otlp {ProtocolName} {SinkUrls.Redact(Endpoint)}{(Traces ? " (logs, traces)" : "")}{(Headers.Count > 0 ? $" with {Headers.Count} header(s)" : "")}";
}
