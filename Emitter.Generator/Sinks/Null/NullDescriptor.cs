using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Null;

public sealed class NullDescriptor : SinkDescriptor
{
    public override string Type => SinkTypes.Null;

    public override ILogSink CreateSink(SinkConfig config, SinkServices services, bool deferIndexes = false)
    {
        config.Settings.OnlyKeys([]);
        return new NullSink(config.Name);
    }
}
