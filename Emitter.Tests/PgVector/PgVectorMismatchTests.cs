using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.Cli;

namespace Emitter.Tests.PgVector;

/// <summary>Vectors of different models or sizes never mix in one table: the run is refused before it starts.</summary>
public class PgVectorMismatchTests
{
    private static async Task InitializeAsync(string table, int dimensions, string model, params (string, string)[] settings)
    {
        var pool = PgVectorTestPools.Build(8, dimensions, model);
        await using var sink = PgVectorSinks.Create(table, settings);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_table_with_rows_of_an_unrecorded_model_is_refused_and_an_empty_one_adopted()
    {
        var table = PgVectorTestDatabase.NewTable("foreign");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            await db.ScalarAsync<object>($"CREATE TABLE \"{table}\" (id uuid PRIMARY KEY, \"timestamp\" timestamptz, service text, level text, message text, embedding vector(8)); SELECT 1");
            await InitializeAsync(table, 8, "m", ("create_indexes", "false"));
            Assert.Contains("\"model\":\"m\"", await db.ScalarAsync<string>($"SELECT obj_description('\"{table}\"'::regclass, 'pg_class')"));

            await db.ScalarAsync<object>($"COMMENT ON TABLE \"{table}\" IS NULL; INSERT INTO \"{table}\" VALUES (gen_random_uuid(), now(), 's', 'INFO', 'm', '[1,0,0,0,0,0,0,0]'); SELECT 1");
            var error = await Assert.ThrowsAsync<ConfigException>(() => InitializeAsync(table, 8, "m", ("create_indexes", "false")));
            Assert.Contains("never recorded", error.Message);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    [Fact]
    public async Task The_program_exits_2_when_its_embedding_does_not_fit_the_table()
    {
        var table = PgVectorTestDatabase.NewTable("cli_dims");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        using var cache = new TempConfig("");
        try
        {
            await InitializeAsync(table, 1536, "text-embedding-3-small", ("create_indexes", "false"));
            var sinks = $"  - type: pgvector\n    connection_string: \"{PgVectorTestDatabase.ConnectionString}\"\n    table_name: {table}\n";

            var (exit, _, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks), "--duration-secs", "1");

            Assert.Equal(ConfigException.ExitCode, exit);
            Assert.Contains($"table {table}", errors);
            Assert.Contains("1536", errors);
            Assert.Contains($"384-dimensional ({EmbeddingConfig.LocalModel})", errors);
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
