using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Dashboard;
using Emitter.Generator.Sinks.Null;
using Emitter.Generator.Sinks.Otlp;
using Emitter.Generator.Sinks.Stdout;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.OpenSearch;
using Emitter.Generator.Stores.PgVector;
using Emitter.Generator.Stores.Qdrant;

namespace Emitter.Generator.Stores;

/// <summary>
/// The sink types this build can run, by name: one <see cref="SinkDescriptor"/> each. Adding a
/// store is its folder under Stores/ and one line here.
/// </summary>
public sealed partial class SinkCatalog(IEnumerable<SinkDescriptor> descriptors)
{
    private readonly IReadOnlyList<SinkDescriptor> _descriptors = [.. descriptors];
    private Dictionary<string, SinkDescriptor> ByType => field ??= _descriptors.ToDictionary(d => d.Type);

    public static SinkCatalog Default { get; } = new(
    [
        new StdoutDescriptor(),
        new PgVectorDescriptor(),
        new QdrantDescriptor(),
        new ElasticsearchDescriptor(),
        new OpenSearchDescriptor(),
        new DashboardDescriptor(),
        new OtlpDescriptor(),
        new NullDescriptor(),
    ]);

    /// <summary>This catalog and one more sink type (a build or a test that brings its own).</summary>
    public SinkCatalog With(SinkDescriptor descriptor) => new([.. _descriptors, descriptor]);

    /// <summary>What the config loader needs of every type, in the catalog's order.</summary>
    public IReadOnlyList<SinkType> Types => [.. _descriptors.Select(d => d.ConfigType)];

    /// <summary>Only the named types (a config test that wants a smaller build).</summary>
    public IReadOnlyList<SinkType> TypesOf(params string[] names) => [.. Types.Where(t => names.Contains(t.Name))];

    public SinkDescriptor this[string type] => ByType[type];

    /// <summary>Whether any of these sinks writes vectors (an index_mode other than keyword, or stdout's include_embedding).</summary>
    public bool NeedsVectors(IEnumerable<SinkConfig> configs) => configs.Any(c => ByType[c.Type].NeedsVectors(c.Settings));

    /// <param name="deferIndexes">Leave the search indexes out for a bench to build after its pre-seed.</param>
    public ILogSink Create(SinkConfig config, SinkServices services, bool deferIndexes = false) =>
        ByType[config.Type].CreateSink(config, services, deferIndexes);
}
