using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Null;

public sealed class NullSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Null;

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        config.Settings.OnlyKeys([]);
        return new NullSink(config.Name);
    }
}
