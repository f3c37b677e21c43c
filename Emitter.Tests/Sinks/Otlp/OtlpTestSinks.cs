using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks.Otlp;
using Emitter.Tests.Fakes.Otlp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks.Otlp;

/// <summary>OTLP sinks aimed at the test receiver, configured through the same keys a config file uses.</summary>
internal static class OtlpTestSinks
{
    public static OtlpSinkOptions Options(OtlpReceiver receiver, string protocol, params (string Key, string Value)[] settings)
    {
        var endpoint = protocol == "grpc" ? receiver.GrpcEndpoint : receiver.HttpEndpoint;
        var values = new List<KeyValuePair<string, string?>> { new("endpoint", endpoint.ToString()), new("protocol", protocol) };
        values.AddRange(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return OtlpSinkOptions.Bind(SinkSettings.Of("emitter-test.yaml", "sinks[0]", values));
    }

    public static OtlpSink Sink(OtlpReceiver receiver, string protocol, TimeProvider? time = null, ILoggerFactory? loggers = null, Shard? shard = null,
        params (string Key, string Value)[] settings) =>
        new("otlp", Options(receiver, protocol, settings), shard ?? Shard.None, time ?? TimeProvider.System, loggers ?? NullLoggerFactory.Instance);
}
