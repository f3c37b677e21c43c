using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;

namespace Emitter.Tests.PgVector;

/// <summary>
/// The pipeline may write a batch again after a transient failure: the table must not change. The
/// contract (<see cref="Contract.StoreContractTests"/>) writes again through the default copy mode;
/// here the write modes and parallelism beyond it.
/// </summary>
public class PgVectorExactlyOnceTests
{
    [Theory]
    [InlineData("copy", 2)]
    [InlineData("unnest", 1)]
    public async Task Writing_the_same_batch_twice_leaves_each_entry_once(string mode, int parallelism)
    {
        var table = PgVectorTestDatabase.NewTable($"twice_{mode}");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var pool = PgVectorTestPools.Build(50, 32);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            var first = PgVectorTestBatches.Of(pool, perMessage: 12, sequence: 1);
            var second = PgVectorTestBatches.Of(pool, perMessage: 3, sequence: 2);
            await using (var sink = PgVectorSinks.Create(table, ("write_mode", mode), ("parallelism", $"{parallelism}")))
            {
                await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), ct);
                await sink.WriteAsync(first, ct);
                await sink.WriteAsync(first, ct);
                await sink.WriteAsync(second, ct);
                await sink.WriteAsync(first, ct);
            }

            Assert.Equal(first.Count + second.Count, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\""));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
