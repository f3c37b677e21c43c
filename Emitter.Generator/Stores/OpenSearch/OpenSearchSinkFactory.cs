using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.OpenSearch;

public sealed class OpenSearchSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.OpenSearch;

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        new OpenSearchSink(config.Name, OpenSearchSinkOptions.Bind(config.Settings), services.Time, services.Loggers);
}
