using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Tests.Cli;

namespace Emitter.Tests.PgVector;

/// <summary>
/// Exactly-once rests on a unique key on id (a retried write skips the ids it finds): an existing
/// table without one is refused before the run, never adopted.
/// </summary>
public class PgVectorUniqueIdTests
{
    private const string Columns = "id uuid{0}, \"timestamp\" timestamptz, service text, level text, message text, embedding vector(8)";

    private static async Task InitializeAsync(string table)
    {
        var pool = PgVectorTestPools.Build(8, 8, "m");
        await using var sink = PgVectorSinks.Create(table, ("create_indexes", "false"));
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("", ", UNIQUE (id, service)")]
    [InlineData("", "; CREATE UNIQUE INDEX ON \"{0}\" (id) WHERE level = 'INFO'")]
    public async Task A_table_without_a_unique_key_on_id_is_refused(string idConstraint, string extra)
    {
        var table = PgVectorTestDatabase.NewTable("nokey");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var definition = string.Format(Columns, idConstraint) + (extra.StartsWith(',') ? extra : "");
            var after = extra.StartsWith(';') ? string.Format(extra, table) : "";
            await db.ScalarAsync<object>($"CREATE TABLE \"{table}\" ({definition}){after}; SELECT 1");

            var error = await Assert.ThrowsAsync<ConfigException>(() => InitializeAsync(table));

            foreach (var part in new[] { "test.yaml", "sinks[0].table_name", $"table {table}", "no primary key or unique index on id", "exactly-once" })
                Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"'{error.Message}' lacks '{part}'");
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Theory]
    [InlineData(" PRIMARY KEY", "")]
    [InlineData(" UNIQUE", "")]
    [InlineData(" NOT NULL", "; CREATE UNIQUE INDEX ON \"{0}\" (id)")]
    public async Task A_table_with_a_primary_key_or_unique_index_on_id_is_adopted(string idConstraint, string extra)
    {
        var table = PgVectorTestDatabase.NewTable("key");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            await db.ScalarAsync<object>($"CREATE TABLE \"{table}\" ({string.Format(Columns, idConstraint)}){string.Format(extra, table)}; SELECT 1");
            await InitializeAsync(table);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Fact]
    public async Task The_program_exits_2_with_one_line_naming_the_table()
    {
        var table = PgVectorTestDatabase.NewTable("cli_nokey");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        using var cache = new TempConfig("");
        try
        {
            await db.ScalarAsync<object>($"CREATE TABLE \"{table}\" ({string.Format(Columns, "").Replace("vector(8)", "vector(384)", StringComparison.Ordinal)}); SELECT 1");
            var sinks = $"  - type: pgvector\n    connection_string: \"{PgVectorTestDatabase.ConnectionString}\"\n    table_name: {table}\n    create_indexes: false\n";

            var (exit, lines, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks), "--duration-secs", "1");

            Assert.Equal(ConfigException.ExitCode, exit);
            Assert.Empty(lines);
            var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(table, StringComparison.Ordinal));
            Assert.Contains("exactly-once", line);
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
