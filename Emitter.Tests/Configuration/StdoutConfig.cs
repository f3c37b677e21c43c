using Emitter.Generator.Configuration;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Configuration;

/// <summary>Loads a config text as the generator would, with no environment and only the stdout sink available.</summary>
internal static class StdoutConfig
{
    public static EmitterConfig Load(string yaml)
    {
        using var file = new TempConfig(yaml);
        return new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.TypesOf(SinkTypes.Stdout)).Load(file.Path, new ConfigOverrides());
    }

    public static string Refused(string yaml) => Assert.Throws<ConfigException>(() => Load(yaml)).Message;
}
