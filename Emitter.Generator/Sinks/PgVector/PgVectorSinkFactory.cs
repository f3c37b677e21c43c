using Emitter.Generator.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// <c>{type: pgvector, connection_string}</c> (also what an app host injects), or the
/// original's host/port/user/password/database keys; plus table_name, create_indexes,
/// write_mode and parallelism.
/// </summary>
public sealed class PgVectorSinkFactory : ISinkFactory
{
    private static readonly string[] ServerKeys = ["host", "port", "user", "password", "database"];

    private const int MaxParallelism = 16;

    // Two connections: one loads while the other commits, and the server gets a second core.
    // Measured on 2 cores: +30-40% without HNSW, +90-130% with it (README, Benchmarks).
    public const int DefaultParallelism = 2;

    private static readonly string AppHostConnectionKey = SinkTypes.Injected.Single(i => i.Type == SinkTypes.PgVector).ConfigurationKey;

    public string Type => SinkTypes.PgVector;

    public IReadOnlyCollection<string> Keys { get; } =
        ["connection_string", .. ServerKeys, "table_name", "create_indexes", "write_mode", "parallelism", IndexModes.Key];

    public bool NeedsVectors(SinkSettings settings) => IndexModes.Read(settings).HasVectors();

    public ILogSink Create(SinkConfig config, SinkServices services) =>
        new PgVectorSink(config.Name, Options(config.Settings), config.Settings, services.Loggers, services.Time, HostedDataSource(config, services));

    /// <summary>The sink an app host announced writes through the data source Aspire.Npgsql registered for the same connection string.</summary>
    private static NpgsqlDataSource? HostedDataSource(SinkConfig config, SinkServices services) =>
        config.Settings.File == AppHostConnectionKey ? services.Host?.GetKeyedService<NpgsqlDataSource>(PgVectorDataSource.ConnectionName) : null;

    public static PgVectorSinkOptions Options(SinkSettings settings)
    {
        var tableText = settings.String("table_name", PgVectorSinkOptions.DefaultTableName)!;
        if (!PgVectorIdentifier.TryNormalize(tableText, out var table))
            throw settings.Error("table_name", $"'{tableText}' is not a plain table name (letters, digits and _, not starting with a digit, at most 47 characters)");
        return new PgVectorSinkOptions(
            Server(settings),
            table,
            settings.Bool("create_indexes", true),
            settings.Enum("write_mode", PgVectorWriteMode.Copy),
            Parallelism(settings),
            IndexModes.Read(settings));
    }

    private static int Parallelism(SinkSettings settings)
    {
        var parallelism = settings.Int("parallelism", DefaultParallelism, min: 1);
        if (parallelism > MaxParallelism) throw settings.Error("parallelism", $"must be at most {MaxParallelism}, got {parallelism}");
        return parallelism;
    }

    private static PgVectorServer Server(SinkSettings settings)
    {
        if (settings.String("connection_string") is { } text)
        {
            if (ServerKeys.FirstOrDefault(settings.Has) is { } both)
                throw settings.Error(both, "give either connection_string or host/port/user/password/database, not both");
            var builder = PgVectorConnectionString.Parse(text, problem => settings.Error("connection_string", problem));
            if (string.IsNullOrEmpty(builder.Host)) throw settings.Error("connection_string", "names no Host");
            return new PgVectorServer(builder);
        }

        var host = settings.String("host") ?? throw settings.Error("host", "a pgvector sink needs connection_string, or host (with port, user, password, database)");
        var port = settings.Int("port", 5432, min: 1);
        if (port > 65535) throw settings.Error("port", $"must be at most 65535, got {port}");
        return new PgVectorServer(new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = settings.String("user", "postgres"),
            Password = settings.String("password"),
            Database = settings.String("database", "postgres"),
        });
    }
}
