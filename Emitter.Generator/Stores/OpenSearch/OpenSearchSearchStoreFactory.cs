using Emitter.Generator.Bench.Stores;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>Searches what an OpenSearch sink writes: same URL, credentials, skip_cert and index, from the sink's own validated options.</summary>
public sealed class OpenSearchSearchStoreFactory : ISearchStoreFactory
{
    public string Type => SinkTypes.OpenSearch;

    public ISearchStore Create(SinkConfig sink, SinkServices services) =>
        new OpenSearchSearchStore(sink.Name, OpenSearchSinkOptions.Bind(sink.Settings));
}
