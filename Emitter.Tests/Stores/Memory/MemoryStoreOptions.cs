using Emitter.Generator.Configuration;

namespace Emitter.Tests.Stores.Memory;

public sealed record MemoryStoreOptions(IndexMode IndexMode)
{
    public static MemoryStoreOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys([IndexModes.Key]);
        return new MemoryStoreOptions(IndexModes.Read(settings));
    }
}
