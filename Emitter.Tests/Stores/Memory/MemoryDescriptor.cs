using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;

namespace Emitter.Tests.Stores.Memory;

/// <summary>A store the generator does not ship: registered with <c>SinkCatalog.Default.With(new MemoryDescriptor(index))</c>.</summary>
public sealed class MemoryDescriptor(MemoryIndex index) : StoreDescriptor<MemoryStoreOptions>
{
    public const string Name = "memory";

    public override string Type => Name;

    public override MemoryStoreOptions Bind(SinkSettings settings) => MemoryStoreOptions.Bind(settings);

    protected override ILogSink CreateSink(SinkConfig config, MemoryStoreOptions options, SinkServices services) =>
        new MemorySink(config.Name, index, options);

    protected override ISearchStore CreateSearch(string name, MemoryStoreOptions options, SinkServices services, SearchShape shape) =>
        new MemorySearchStore(name, index);
}
