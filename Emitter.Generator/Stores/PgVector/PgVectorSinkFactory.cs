using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

public sealed class PgVectorSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.PgVector;

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        var options = PgVectorSinkOptions.Bind(config.Settings);
        return new PgVectorSink(config.Name, options, config.Settings, services.Loggers, services.Time, HostedDataSource(options, services));
    }

    /// <summary>The data source Aspire.Npgsql registered for the app host's connection string, when the options say to write through it.</summary>
    private static NpgsqlDataSource? HostedDataSource(PgVectorSinkOptions options, SinkServices services) =>
        options.Connections == PgVectorConnections.AppHost ? services.Host?.GetKeyedService<NpgsqlDataSource>(PgVectorDataSource.ConnectionName) : null;
}
