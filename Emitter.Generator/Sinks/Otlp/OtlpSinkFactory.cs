using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Otlp;

public sealed class OtlpSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Otlp;

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        new OtlpSink(config.Name, OtlpSinkOptions.Bind(config.Settings), services.Shard, services.Time, services.Loggers);
}
