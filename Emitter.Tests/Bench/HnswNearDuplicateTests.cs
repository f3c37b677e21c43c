using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Tests.PgVector;
using Pgvector;

namespace Emitter.Tests.Bench;

/// <summary>
/// The README's finding, as a test on the real pgvector: log messages are near-duplicates (each
/// written many times with 1% jitter), and an HNSW graph (m 16) built over them can leave a small
/// cluster (a message written 5 times) with no way in: asked for that message's own vector, the
/// exact scan returns its copies, the index none (or only some) of them.
/// </summary>
public class HnswNearDuplicateTests
{
    private const int Dimensions = 64;

    [Fact]
    public async Task An_hnsw_index_over_near_duplicates_loses_whole_small_clusters_an_exact_scan_finds()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = PgVectorTestDatabase.NewTable("dup");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        try
        {
            var random = new Random(11);
            float Noise() => (float)(random.NextDouble() * 2 - 1);
            float[] Unit(Func<int, float> component) { var v = Enumerable.Range(0, Dimensions).Select(component).ToArray(); var n = MathF.Sqrt(v.Sum(x => x * x)); return v.Select(x => x / n).ToArray(); }
            // Log messages of one template lie close together (MiniLM: cosine 0.8 and more): 20 templates, each message its template plus noise.
            var templates = Enumerable.Range(0, 20).Select(_ => Unit(_ => Noise())).ToArray();
            float[] Message(int i) => Unit(d => templates[i % templates.Length][d] + 0.3f * Noise());
            var common = Enumerable.Range(0, 1000).Select(Message).ToArray(); // written 15 times each
            var small = Enumerable.Range(0, 100).Select(Message).ToArray();   // written 5 times each: the needles
            var rows = new List<(Guid Id, int Small, float[] Vector)>();
            foreach (var (message, copies, index) in common.Select((m, i) => (m, 15, -1)).Concat(small.Select((m, i) => (m, 5, i))))
            {
                for (var c = 0; c < copies; c++)
                {
                    var id = Guid.CreateVersion7();
                    rows.Add((id, index, EmbeddingJitter.Apply(message, id, 0.01f)));
                }
            }
            rows = [.. rows.OrderBy(_ => random.Next())]; // as a stream of logs interleaves them

            await using (var create = db.CreateCommand($"CREATE TABLE \"{table}\" (id uuid PRIMARY KEY, embedding vector({Dimensions}))"))
                await create.ExecuteNonQueryAsync(ct);
            await using (var connection = await db.OpenConnectionAsync(ct))
            await using (var copy = await connection.BeginBinaryImportAsync($"COPY \"{table}\" (id, embedding) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(row.Id, ct);
                    await copy.WriteAsync(new Vector(row.Vector), ct);
                }
                await copy.CompleteAsync(ct);
            }
            await using (var index = db.CreateCommand($"CREATE INDEX ON \"{table}\" USING hnsw (embedding vector_cosine_ops)"))
                await index.ExecuteNonQueryAsync(ct);

            var lostWhole = 0;
            var partly = 0;
            for (var needle = 0; needle < small.Length; needle++)
            {
                var copies = rows.Where(r => r.Small == needle).Select(r => r.Id).ToHashSet();
                var exact = await ExactRecallPgVectorTests.IdsAsync(db, table, new Vector(small[needle]), exact: true, limit: 5);
                Assert.True(copies.SetEquals(exact), $"needle {needle}: the exact scan's top 5 are not its 5 copies");
                var found = (await ExactRecallPgVectorTests.IdsAsync(db, table, new Vector(small[needle]), exact: false, limit: 5)).Count(copies.Contains);
                if (found == 0) lostWhole++;
                else if (found < copies.Count) partly++;
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"{rows.Count:N0} rows: of {small.Length} clusters of 5 near-duplicates, HNSW (ef_search 40) lost {lostWhole} whole, {partly} in part, found {small.Length - lostWhole - partly} whole; the exact scan found all");
            // The graph is built with pgvector's own random levels (not seedable), so how many are lost
            // varies from build to build (measured: 1 whole and 3 in part of 100); that some are is the claim.
            Assert.True(lostWhole + partly >= 1, "HNSW found every cluster whole");
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
