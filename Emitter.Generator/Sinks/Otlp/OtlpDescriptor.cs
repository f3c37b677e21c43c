using Emitter.Generator.Configuration;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks.Otlp;

public sealed class OtlpDescriptor : SinkDescriptor<OtlpSinkOptions>
{
    public override string Type => SinkTypes.Otlp;

    public override InjectedSink Injected => OtlpAppHost.Injected;

    public override OtlpSinkOptions Bind(SinkSettings settings) => OtlpSinkOptions.Bind(settings);

    protected override ILogSink CreateSink(SinkConfig config, OtlpSinkOptions options, SinkServices services) =>
        new OtlpSink(config.Name, options, services.Shard, services.Time, services.Loggers);
}
