using Npgsql;
using Pgvector.Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>
/// The real PostgreSQL with pgvector that the test command starts (scripts/pgvector-up.sh)
/// and names in EMITTER_TEST_PGVECTOR. Without it the database tests fail, saying how to start it.
/// Each test writes to a table of its own, so tests run in parallel.
/// </summary>
public static class PgVectorTestDatabase
{
    public const string Variable = "EMITTER_TEST_PGVECTOR";

    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
                Assert.Fail($"{Variable} is not set, so the pgvector tests have no server. Run `bash scripts/test.sh` (it starts one), "
                    + $"or start one with `bash scripts/pgvector-up.sh` and export {Variable}=<the connection string it prints>.");
            return value!;
        }
    }

    public static string NewTable(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 47)];

    /// <summary>A data source that reads vectors (the extension is created first: types load once per source).</summary>
    public static async Task<NpgsqlDataSource> OpenAsync(string? connectionString = null)
    {
        connectionString ??= ConnectionString;
        await using (var plain = NpgsqlDataSource.Create(connectionString))
        await using (var command = plain.CreateCommand("CREATE EXTENSION IF NOT EXISTS vector"))
        {
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        return builder.Build();
    }

    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public static async Task DropAsync(this NpgsqlDataSource db, string table)
    {
        await using var command = db.CreateCommand($"DROP TABLE IF EXISTS \"{table}\"");
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
