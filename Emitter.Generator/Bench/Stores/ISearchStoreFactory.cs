using Emitter.Generator.Bench.Config;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Bench.Stores;

/// <summary>Makes the search side of one sink type from the sink's own validated settings.</summary>
public interface ISearchStoreFactory
{
    /// <summary>The sink type it searches (SinkTypes).</summary>
    string Type { get; }

    /// <summary>The sink setting that names what it writes to and searches (table_name, collection_name, index_name).</summary>
    string TargetKey { get; }

    /// <summary>The sink's config as the sink must be made for a bench: without its search indexes when they are built after the pre-seed.</summary>
    SinkConfig PrepareSink(SinkConfig sink, bool deferIndexes) => sink;

    /// <summary>Whether it can require every word of a keyword query (match: all).</summary>
    bool MatchesAllWords => true;

    /// <param name="shape">ef, match and fetch, sent in this store's own form.</param>
    ISearchStore Create(SinkConfig sink, SinkServices services, SearchShape shape);
}
