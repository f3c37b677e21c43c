using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Tests.PgVector;

/// <summary>What the table is for: vector and full-text search over what the sink wrote.</summary>
public class PgVectorSearchTests
{
    [Fact]
    public async Task A_cosine_query_with_a_pool_vector_returns_that_message_first_and_full_text_finds_a_word()
    {
        var table = PgVectorTestDatabase.NewTable("search");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var pool = PgVectorTestPools.Build(40, 96);
        try
        {
            await using (var sink = PgVectorSinks.Create(table))
            {
                await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
                await sink.WriteAsync(PgVectorTestBatches.Of(pool, perMessage: 8), TestContext.Current.CancellationToken);
            }

            var ct = TestContext.Current.CancellationToken;
            foreach (var message in pool.Messages.Take(5))
            {
                await using var nearest = db.CreateCommand($"SELECT message FROM \"{table}\" ORDER BY embedding <=> $1 LIMIT 8");
                nearest.Parameters.Add(new NpgsqlParameter { Value = new Pgvector.Vector(message.Vector) });
                var found = new List<string>();
                await using (var reader = await nearest.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct)) found.Add(reader.GetString(0));
                Assert.Equal(Enumerable.Repeat(message.Text, 8), found);
            }

            // A word of one message (not a stop word): every row of that message matches it.
            var text = pool.Messages[0].Text;
            var word = text.Split([' ', ':', '=', '/', '-', '.', ',', '(', ')', '[', ']', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 5 && w.All(char.IsLetter)).OrderByDescending(w => w.Length).First();
            var matching = await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\" WHERE message_tsv @@ plainto_tsquery('english', $1) AND message = $2", word, text);
            Assert.Equal(8, matching);
            Assert.Equal(0, await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\" WHERE message_tsv @@ plainto_tsquery('english', 'xylophone')"));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
