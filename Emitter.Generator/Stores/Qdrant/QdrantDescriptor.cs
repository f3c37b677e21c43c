using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Qdrant;

/// <summary>Qdrant: the sink upserts points, the search queries the same collection with the same endpoint and API key.</summary>
public sealed class QdrantDescriptor : StoreDescriptor<QdrantSinkOptions>
{
    public override string? TargetKey => "collection_name";

    /// <summary>BM25 over the sparse vector scores any word; requiring all would need a full-text payload index on message, which the sink does not make.</summary>
    public override bool MatchesAllWords => false;

    public override string Type => SinkTypes.Qdrant;

    public override InjectedSink Injected { get; } = new("ConnectionStrings:qdrant", "connection_string");

    public override QdrantSinkOptions Bind(SinkSettings settings) => QdrantSinkOptions.Bind(settings);

    protected override ILogSink CreateSink(SinkConfig config, QdrantSinkOptions options, SinkServices services) =>
        new QdrantSink(config.Name, options, services.Time, services.Loggers);

    protected override ISearchStore CreateSearch(string name, QdrantSinkOptions options, SinkServices services, SearchShape shape) =>
        new QdrantSearchStore(name, options, shape);
}
