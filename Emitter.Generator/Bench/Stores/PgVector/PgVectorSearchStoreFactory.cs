using Emitter.Generator.Bench.Config;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.PgVector;

namespace Emitter.Generator.Bench.Stores.PgVector;

/// <summary>Searches what a pgvector sink writes: same server, same table, the sink's own validated options.</summary>
public sealed class PgVectorSearchStoreFactory : ISearchStoreFactory
{
    public string TargetKey => "table_name";

    public string Type => SinkTypes.PgVector;

    public SinkConfig PrepareSink(SinkConfig sink, bool deferIndexes) =>
        deferIndexes ? sink with { Settings = sink.Settings.With("create_indexes", "false") } : sink;

    public ISearchStore Create(SinkConfig sink, SinkServices services, SearchShape shape) =>
        new PgVectorSearchStore(sink.Name, PgVectorSinkOptions.Bind(sink.Settings), shape);
}
