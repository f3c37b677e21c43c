using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks;

public sealed class NullSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Null;
    public IReadOnlyCollection<string> Keys { get; } = [];
    public ILogSink Create(SinkConfig config, SinkServices services) => new NullSink(config.Name);
}
