using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks;

/// <summary>Sink settings as the program reads them: a config file (and an app host's configuration), then each sink made from its settings.</summary>
internal static class SinkConfigs
{
    public static IReadOnlyList<SinkConfig> Load(string yaml, IReadOnlyList<SinkType> available, Dictionary<string, string>? configuration = null)
    {
        using var file = new TempConfig(yaml);
        var loader = new ConfigLoader(_ => null, key => configuration?.GetValueOrDefault(key), available);
        return loader.Load(file.Path, new ConfigOverrides()).Sinks;
    }

    public static ILogSink Create(SinkConfig config) =>
        SinkCatalog.Default.Create(config, new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System));
}
