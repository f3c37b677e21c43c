using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.Sinks;

namespace Emitter.Tests.PgVector;

/// <summary>
/// index_mode on the real PostgreSQL + pgvector beyond the contract (<see cref="Contract.StoreContractTests"/>
/// runs each mode in the default copy write mode and refuses a table of another mode): keyword mode
/// through the unnest writer, with the exact indexes and the table comment.
/// </summary>
public class PgVectorIndexModeTests
{
    private const string Columns = "SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2";
    private const string Indexes = "SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexdef ILIKE $2";

    [Theory]
    [InlineData("keyword", "unnest", false, true)]
    public async Task Each_mode_makes_only_its_columns_and_indexes_and_writes_every_entry(string mode, string writeMode, bool vectors, bool text)
    {
        var table = PgVectorTestDatabase.NewTable("mode");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var pool = PgVectorTestPools.Build(16, 8);
            var entries = SinkDrive.Entries(pool, 300);
            var (stats, _) = await SinkDrive.RunAsync(PgVectorSinks.Create(table, ("index_mode", mode), ("write_mode", writeMode)), pool, entries, batchSize: 100);

            Assert.True(stats.Delivered == 300, stats.FirstError);
            Assert.Equal(300L, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
            Assert.Equal(vectors ? 1L : 0L, await db.ScalarAsync<long>(Columns, table, "embedding"));
            Assert.Equal(text ? 1L : 0L, await db.ScalarAsync<long>(Columns, table, "message_tsv"));
            Assert.Equal(vectors ? 1L : 0L, await db.ScalarAsync<long>(Indexes, table, "%USING hnsw%"));
            Assert.Equal(text ? 2L : 0L, await db.ScalarAsync<long>(Indexes, table, "%USING gin%"));
            Assert.Contains($"\"index_mode\":\"{mode}\"", await db.ScalarAsync<string>("SELECT obj_description(to_regclass($1), 'pg_class')", $"\"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
