using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Npgsql;
using Pgvector.Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// How a pgvector sink's connections are set up, whether the sink builds its own data source
/// (a server named in the config) or an app host's is registered through Aspire.Npgsql (which
/// adds its health check, traces and metrics). Session settings travel as startup options, so
/// they hold on every physical connection, however it was made.
/// </summary>
public static class PgVectorDataSource
{
    /// <summary>The connection name an app host gives its PostgreSQL (ConnectionStrings:pgvector).</summary>
    public const string ConnectionName = SinkTypes.PgVector;

    // JIT compiling a small INSERT ... SELECT costs more than running it; the staging table of
    // copy mode's fallback lives in temp buffers, which can only be sized before a session uses one.
    private const string SessionOptions = "-c jit=off -c temp_buffers=128MB";

    public static void Configure(NpgsqlDataSourceBuilder builder)
    {
        var connection = builder.ConnectionStringBuilder;
        connection.ApplicationName ??= "emitter";
        // Keep the session (the fallback's staging table) when a connection returns to the pool:
        // the default reset (DISCARD ALL) would drop it after every batch.
        connection.NoResetOnClose = true;
        connection.Options = string.IsNullOrWhiteSpace(connection.Options) ? SessionOptions : $"{connection.Options} {SessionOptions}";
        builder.UseVector();
    }

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        Configure(builder);
        return builder.Build();
    }
}
