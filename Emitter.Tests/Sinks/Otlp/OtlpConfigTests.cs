using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Otlp;
using Emitter.Generator.Stores;
using Emitter.Tests.Cli;

namespace Emitter.Tests.Sinks.Otlp;

/// <summary><c>type: otlp</c>'s keys: read, defaulted, refused with file, line and key (exit 2), headers never shown.</summary>
public class OtlpConfigTests
{
    private const string Services = "services:\n  - name: api\n    rate_per_sec: 100\n";
    private static readonly IReadOnlyList<SinkType> Available = SinkCatalog.Default.TypesOf(SinkTypes.Stdout, SinkTypes.Otlp);

    private static IReadOnlyList<SinkConfig> Load(string yaml, Dictionary<string, string>? configuration = null) => SinkConfigs.Load(yaml, Available, configuration);

    private static ILogSink Create(SinkConfig config) => SinkConfigs.Create(config);

    public static TheoryData<string, string, string[]> BadSinks => new()
    {
        { "unknown key", "sinks:\n  - type: otlp\n    endpont: http://c:4317\n", ["emitter-test.yaml:3:", "sinks[0].endpont", "unknown key", "endpoint"] },
        { "protocol", "sinks:\n  - type: otlp\n    protocol: http/json\n", ["emitter-test.yaml:3:", "sinks[0].protocol", "'http/json'", "grpc, http/protobuf"] },
        { "endpoint without scheme", "sinks:\n  - type: otlp\n    endpoint: localhost:4317\n", ["emitter-test.yaml:3:", "sinks[0].endpoint", "'localhost:4317'", "http://localhost:4317"] },
        { "compression", "sinks:\n  - type: otlp\n    compression: zstd\n", ["emitter-test.yaml:3:", "sinks[0].compression", "'zstd'", "none, gzip"] },
        { "timeout", "sinks:\n  - type: otlp\n    timeout_ms: 0\n", ["emitter-test.yaml:3:", "sinks[0].timeout_ms", "at least 1"] },
        { "signal", "sinks:\n  - type: otlp\n    signals: [logs, metrics]\n", ["emitter-test.yaml:3:", "sinks[0].signals", "'metrics'"] },
        { "signals without logs", "sinks:\n  - type: otlp\n    signals: [traces]\n", ["emitter-test.yaml:3:", "sinks[0].signals", "must include logs"] },
        { "max_rate", "sinks:\n  - type: otlp\n    max_rate: -5\n", ["emitter-test.yaml:3:", "sinks[0].max_rate", "at least 0"] },
        { "a map for a value", "sinks:\n  - type: otlp\n    headers: {a: b}\n", ["emitter-test.yaml:3:", "sinks[0].headers", "a single value or a list"] },
    };

    [Theory]
    [MemberData(nameof(BadSinks))]
    public void Bad_settings_are_refused_with_file_line_and_key(string because, string yaml, string[] expected)
    {
        var error = Assert.Throws<ConfigException>(() => { foreach (var sink in Load(yaml + Services)) Create(sink); });
        foreach (var part in expected) Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{error.Message}' lacks '{part}'");
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("sinks:\n  - type: otlp\n    headers: authorization=Bearer top-secret\n    protocol: carrier-pigeon\n")]
    [InlineData("sinks:\n  - type: otlp\n    headers: Bearer top-secret\n")]
    [InlineData("sinks:\n  - type: otlp\n    headers: \"x=1,top-secret\"\n")]
    [InlineData("sinks:\n  - type: otlp\n    endpoint: http://user:top-secret@c:4317\n    timeout_ms: soon\n")]
    public void Headers_and_passwords_are_never_shown(string yaml)
    {
        var error = Assert.Throws<ConfigException>(() => { foreach (var sink in Load(yaml + Services)) Create(sink); });
        Assert.DoesNotContain("top-secret", error.Message);
    }

    [Fact]
    public void A_full_sink_reads_every_key_and_prints_no_header()
    {
        var config = Load("sinks:\n  - type: otlp\n    endpoint: https://otel.example:4318\n    protocol: http/protobuf\n    headers: \"api-key=top-secret,x-scope=a%2Cb\"\n"
                          + "    timeout_ms: 2500\n    compression: gzip\n    signals: [logs, traces]\n    max_rate: 500\n" + Services).Single();
        var options = OtlpSinkOptions.Bind(config.Settings);

        Assert.Equal((new Uri("https://otel.example:4318"), OtlpProtocol.HttpProtobuf, TimeSpan.FromMilliseconds(2500), OtlpCompression.Gzip, true, 500),
            (options.Endpoint, options.Protocol, options.Timeout, options.Compression, options.Traces, options.MaxRate));
        Assert.Equal([new("api-key", "top-secret"), new("x-scope", "a,b")], options.Headers);
        Assert.Equal("otlp http/protobuf https://otel.example:4318/ (logs, traces) with 2 header(s)", options.ToString());
    }

    [Fact]
    public void An_app_host_adds_an_otlp_sink_aimed_at_its_dashboard()
    {
        var config = Load(Services, new()
        {
            [OtlpAppHost.Endpoint] = "http://localhost:19080",
            [OtlpAppHost.Headers] = "x-otlp-api-key=top-secret",
            [OtlpAppHost.Protocol] = "grpc",
            [OtlpAppHost.MaxRate] = "200",
            [OtlpAppHost.Signals] = "logs,traces",
        }).Single(s => s.Type == SinkTypes.Otlp);
        var options = OtlpSinkOptions.Bind(config.Settings);

        Assert.Equal((SinkOrigin.AppHost, new Uri("http://localhost:19080"), 200, true), (config.Settings.Origin, options.Endpoint, options.MaxRate, options.Traces));
        Assert.Equal([new("x-otlp-api-key", "top-secret")], options.Headers);
    }

    [Fact]
    public async Task The_program_exits_2_naming_the_line_and_key()
    {
        using var cache = new TempConfig("");
        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory,
            sinks: "  - type: otlp\n    endpoint: http://127.0.0.1:4317\n    headers: authorization=top-secret\n    compresion: gzip\n"), "--duration-secs", "0.2");

        Assert.Equal(ConfigException.ExitCode, exit);
        Assert.Empty(lines);
        Assert.Matches(@":\d+: sinks\[0\]\.compresion: unknown key", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.DoesNotContain("top-secret", errors);
    }
}
