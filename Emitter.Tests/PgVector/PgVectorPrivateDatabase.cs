using Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>A database of its own on the test server, for runs that write the default table (logs); dropped at dispose.</summary>
public sealed class PgVectorPrivateDatabase : IAsyncDisposable
{
    private readonly string _name;

    private PgVectorPrivateDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PgVectorPrivateDatabase> CreateAsync(string prefix)
    {
        var name = PgVectorTestDatabase.NewTable(prefix); // a fresh identifier, the same way tables get theirs
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(PgVectorTestDatabase.ConnectionString) { Database = name }.ConnectionString;
        return new PgVectorPrivateDatabase(name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PgVectorTestDatabase.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
