using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Tests.PgVector;

/// <summary>
/// Copy mode writes fresh batches straight into the table; a batch with ids already present
/// (a retry whose first attempt committed, or duplicates) must go through the staging
/// fallback and still leave each entry exactly once.
/// </summary>
public class PgVectorCopyFallbackTests
{
    [Fact]
    public async Task A_retried_batch_whose_first_half_landed_adds_only_the_rest()
    {
        var pool = PgVectorTestPools.Build(50, 32);
        var whole = PgVectorTestBatches.Of(pool, perMessage: 8);
        var half = new Batch(whole.Entries[..(whole.Count / 2)].ToArray(), whole.Count / 2, 1, whole.SealedAt);

        var (rows, distinct) = await WriteAsync(pool, half, whole);

        Assert.Equal(whole.Count, rows);
        Assert.Equal(whole.Count, distinct);
    }

    [Fact]
    public async Task A_batch_repeating_an_entry_stores_it_once()
    {
        var pool = PgVectorTestPools.Build(50, 32);
        var fresh = PgVectorTestBatches.Of(pool, perMessage: 4);
        var entries = fresh.Entries.ToArray().Concat(fresh.Entries[..10].ToArray()).ToArray();
        var repeating = new Batch(entries, entries.Length, 1, fresh.SealedAt);

        var (rows, distinct) = await WriteAsync(pool, repeating);

        Assert.Equal(fresh.Count, rows);
        Assert.Equal(fresh.Count, distinct);
    }

    private static async Task<(long Rows, long Distinct)> WriteAsync(MessagePool pool, params Batch[] batches)
    {
        var table = PgVectorTestDatabase.NewTable("fallback");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using (var sink = PgVectorSinks.Create(table, ("write_mode", "copy")))
            {
                await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), ct);
                foreach (var batch in batches) await sink.WriteAsync(batch, ct);
            }
            return (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""),
                await db.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
