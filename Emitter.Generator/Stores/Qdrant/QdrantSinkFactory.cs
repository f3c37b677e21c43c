using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Qdrant;

public sealed class QdrantSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Qdrant;

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        new QdrantSink(config.Name, QdrantSinkOptions.Bind(config.Settings), services.Time, services.Loggers);
}
