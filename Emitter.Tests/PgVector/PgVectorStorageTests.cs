using Emitter.Generator.Sinks;

namespace Emitter.Tests.PgVector;

/// <summary>
/// Vectors that fit in a page stay in the row and such rows skip the toaster (the load is a
/// quarter faster); larger vectors keep pgvector's out-of-line storage, since a row cannot hold them.
/// </summary>
public class PgVectorStorageTests
{
    [Theory]
    [InlineData(1536, "p", "toast_tuple_target=8160")]
    [InlineData(1900, "p", "toast_tuple_target=8160")]
    [InlineData(3072, "e", null)]
    public async Task A_new_table_keeps_vectors_in_the_row_when_a_page_holds_them(int dimensions, string storage, string? option)
    {
        var table = PgVectorTestDatabase.NewTable("storage");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var pool = PgVectorTestPools.Build(8, dimensions);
            await using (var sink = PgVectorSinks.Create(table, ("create_indexes", "false")))
            {
                await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
            }

            Assert.Equal(storage, await db.ScalarAsync<string>(
                "SELECT attstorage::text FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'embedding'", $"\"{table}\""));
            var options = await db.ScalarAsync<object>("SELECT reloptions FROM pg_class WHERE oid = $1::regclass", $"\"{table}\"");
            Assert.Equal(option, (options as string[])?.Single());
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
