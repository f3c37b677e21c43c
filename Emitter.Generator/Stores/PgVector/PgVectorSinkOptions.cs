using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// A pgvector sink's settings, checked: <c>connection_string</c> (also what an app host injects),
/// or the original's host/port/user/password/database keys; plus table_name, create_indexes,
/// write_mode and parallelism.
/// </summary>
/// <param name="Server">Where to write; its password never appears in a message.</param>
/// <param name="TableName">A plain identifier, already folded to lower case.</param>
/// <param name="Parallelism">Connections one batch is split across (each slice its own transaction).</param>
/// <param name="IndexMode">Keyword: no embedding column or HNSW index; vector: no tsvector column or GIN indexes.</param>
public sealed record PgVectorSinkOptions(
    PgVectorServer Server,
    string TableName,
    bool CreateIndexes,
    PgVectorWriteMode WriteMode,
    int Parallelism,
    IndexMode IndexMode = IndexMode.Hybrid)
{
    public const string DefaultTableName = "logs";

    // Two connections: one loads while the other commits, and the server gets a second core.
    // Measured on 2 cores: +30-40% without HNSW, +90-130% with it (README, Benchmarks).
    public const int DefaultParallelism = 2;

    public const int MaxParallelism = 16;

    public static readonly SinkKeys Keys = new();
    private static readonly string ConnectionStringKey = Keys.Add("connection_string");
    private static readonly string HostKey = Keys.Add("host");
    private static readonly string PortKey = Keys.Add("port");
    private static readonly string UserKey = Keys.Add("user");
    private static readonly string PasswordKey = Keys.Add("password");
    private static readonly string DatabaseKey = Keys.Add("database");
    private static readonly string TableKey = Keys.Add("table_name");
    private static readonly string CreateIndexesKey = Keys.Add("create_indexes");
    private static readonly string WriteModeKey = Keys.Add("write_mode");
    private static readonly string ParallelismKey = Keys.Add("parallelism");
    private static readonly string IndexModeKey = Keys.Add(IndexModes.Key);

    private static readonly string[] ServerKeys = [HostKey, PortKey, UserKey, PasswordKey, DatabaseKey];

    /// <summary>Whose connections the sink writes through.</summary>
    public PgVectorConnections Connections { get; init; } = PgVectorConnections.Own;

    public static PgVectorSinkOptions Bind(SinkSettings settings)
    {
        settings.OnlyKeys(Keys);
        var tableText = settings.String(TableKey, DefaultTableName)!;
        if (!PgVectorIdentifier.TryNormalize(tableText, out var table))
            throw settings.Error(TableKey, $"{settings.Shown(TableKey)} is not a plain table name (letters, digits and _, not starting with a digit, at most 47 characters)");
        return new PgVectorSinkOptions(
            ServerOf(settings),
            table,
            settings.Bool(CreateIndexesKey, true),
            settings.Enum(WriteModeKey, PgVectorWriteMode.Copy),
            settings.Int(ParallelismKey, DefaultParallelism, min: 1, max: MaxParallelism),
            IndexModes.Read(settings))
        {
            Connections = settings.Origin == SinkOrigin.AppHost ? PgVectorConnections.AppHost : PgVectorConnections.Own,
        };
    }

    private static PgVectorServer ServerOf(SinkSettings settings)
    {
        settings.NotBoth([ConnectionStringKey], ServerKeys);
        if (settings.String(ConnectionStringKey) is { } text)
        {
            var builder = PgVectorConnectionString.Parse(text, problem => settings.Error(ConnectionStringKey, problem));
            if (string.IsNullOrEmpty(builder.Host)) throw settings.Error(ConnectionStringKey, "names no Host");
            return new PgVectorServer(builder);
        }

        var host = settings.String(HostKey) ?? throw settings.Error(HostKey, "a pgvector sink needs connection_string, or host (with port, user, password, database)");
        return new PgVectorServer(new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = settings.Port(PortKey, 5432),
            Username = settings.String(UserKey, "postgres"),
            Password = settings.Secret(PasswordKey, "leave it out for a server that needs none"),
            Database = settings.String(DatabaseKey, "postgres"),
        });
    }
}
