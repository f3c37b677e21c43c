using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>OpenSearch: the sink writes through _bulk, the search reads the same index with the same URL, credentials and skip_cert.</summary>
public sealed class OpenSearchDescriptor : StoreDescriptor<OpenSearchSinkOptions>
{
    public override string? TargetKey => "index_name";

    public override string Type => SinkTypes.OpenSearch;

    public override InjectedSink Injected { get; } = new("ConnectionStrings:opensearch", "connection_string");

    public override OpenSearchSinkOptions Bind(SinkSettings settings) => OpenSearchSinkOptions.Bind(settings);

    protected override ILogSink CreateSink(SinkConfig config, OpenSearchSinkOptions options, SinkServices services) =>
        new OpenSearchSink(config.Name, options, services.Time, services.Loggers);

    protected override ISearchStore CreateSearch(string name, OpenSearchSinkOptions options, SinkServices services, SearchShape shape) =>
        new OpenSearchSearchStore(name, options, shape);
}
