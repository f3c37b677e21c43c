using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>PostgreSQL with pgvector: the sink writes the table, the search reads it on connections of its own.</summary>
public sealed class PgVectorDescriptor : StoreDescriptor<PgVectorSinkOptions>
{
    public override string? TargetKey => "table_name";

    public override string Type => SinkTypes.PgVector;

    public override InjectedSink Injected { get; } = new("ConnectionStrings:pgvector", "connection_string");

    public override PgVectorSinkOptions Bind(SinkSettings settings) => PgVectorSinkOptions.Bind(settings);

    /// <summary>The HNSW and full-text indexes, built after a pre-seed instead of row by row.</summary>
    protected override PgVectorSinkOptions DeferIndexes(PgVectorSinkOptions options) => options with { CreateIndexes = false };

    protected override ILogSink CreateSink(SinkConfig config, PgVectorSinkOptions options, SinkServices services) =>
        new PgVectorSink(config.Name, options, config.Settings, services.Loggers, services.Time, HostedDataSource(options, services));

    protected override ISearchStore CreateSearch(string name, PgVectorSinkOptions options, SinkServices services, SearchShape shape) =>
        new PgVectorSearchStore(name, options, shape);

    /// <summary>The data source Aspire.Npgsql registered for the app host's connection string, when the options say to write through it.</summary>
    private static NpgsqlDataSource? HostedDataSource(PgVectorSinkOptions options, SinkServices services) =>
        options.Connections == PgVectorConnections.AppHost ? services.Host?.GetKeyedService<NpgsqlDataSource>(PgVectorDataSource.ConnectionName) : null;
}
