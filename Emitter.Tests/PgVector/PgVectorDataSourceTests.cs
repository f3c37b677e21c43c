using Emitter.Generator.Stores.PgVector;
using Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>The sink's session settings hold on every connection of its data source, including one reused from the pool.</summary>
public class PgVectorDataSourceTests
{
    [Fact]
    public async Task Session_settings_hold_on_new_and_pooled_connections_and_keep_options_given()
    {
        var ct = TestContext.Current.CancellationToken;
        var given = new NpgsqlConnectionStringBuilder(PgVectorTestDatabase.ConnectionString) { Options = "-c statement_timeout=12345" };
        await using var dataSource = PgVectorDataSource.Create(given.ConnectionString);
        for (var round = 0; round < 2; round++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            Assert.Equal("off", await ShowAsync(connection, "jit"));
            Assert.Equal("128MB", await ShowAsync(connection, "temp_buffers"));
            Assert.Equal("12345ms", await ShowAsync(connection, "statement_timeout"));
            Assert.Equal("emitter", await ShowAsync(connection, "application_name"));
        }
    }

    private static async Task<string> ShowAsync(NpgsqlConnection connection, string setting)
    {
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
