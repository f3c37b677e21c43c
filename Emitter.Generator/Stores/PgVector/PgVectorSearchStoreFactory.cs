using Emitter.Generator.Bench.Stores;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>Searches what a pgvector sink writes: same server, same table, the sink's own validated options.</summary>
public sealed class PgVectorSearchStoreFactory : ISearchStoreFactory
{
    public string Type => SinkTypes.PgVector;

    public SinkConfig PrepareSink(SinkConfig sink, bool deferIndexes) =>
        deferIndexes ? sink with { Settings = sink.Settings.With("create_indexes", "false") } : sink;

    public ISearchStore Create(SinkConfig sink, SinkServices services) =>
        new PgVectorSearchStore(sink.Name, PgVectorSinkOptions.Bind(sink.Settings));
}
