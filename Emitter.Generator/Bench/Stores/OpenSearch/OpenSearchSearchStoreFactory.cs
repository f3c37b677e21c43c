using Emitter.Generator.Bench.Config;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.OpenSearch;

namespace Emitter.Generator.Bench.Stores.OpenSearch;

/// <summary>Searches what an OpenSearch sink writes: same URL, credentials, skip_cert and index, from the sink's own validated options.</summary>
public sealed class OpenSearchSearchStoreFactory : ISearchStoreFactory
{
    public string TargetKey => "index_name";

    public string Type => SinkTypes.OpenSearch;

    public ISearchStore Create(SinkConfig sink, SinkServices services, SearchShape shape) =>
        new OpenSearchSearchStore(sink.Name, OpenSearchSinkOptions.Bind(sink.Settings), shape);
}
