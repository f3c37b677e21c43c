using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Bench.Stores;

/// <summary>Makes the search side of one sink type from the sink's own validated settings.</summary>
public interface ISearchStoreFactory
{
    /// <summary>The sink type it searches (SinkTypes).</summary>
    string Type { get; }

    /// <summary>The sink's config as the sink must be made for a bench: without its search indexes when they are built after the pre-seed.</summary>
    SinkConfig PrepareSink(SinkConfig sink, bool deferIndexes) => sink;

    ISearchStore Create(SinkConfig sink, SinkServices services);
}
