using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Tests.PgVector;
using Pgvector;

namespace Emitter.Tests.Bench;

/// <summary>
/// The README's finding, as a test on the real pgvector: log messages are near-duplicates (each
/// written many times with 1% jitter), and an HNSW graph (pgvector's defaults: m 16,
/// ef_construction 64) built over them leaves some small clusters (a message written 5 times)
/// with no way in. Over fixed data (seed 11: 20 templates, 1,000 messages written 15 times, 100
/// written 5 times, 15,500 rows of 64 dimensions), asked for each small message's own vector,
/// the exact scan returns its 5 copies every time; HNSW at ef_search 10 misses some of the 100
/// clusters (whole or in part), at 40 (pgvector's default) at most 10 and in most builds a few, never
/// more at a wider search, and none at ef_search 1000.
/// </summary>
public class HnswNearDuplicateTests
{
    private const int Dimensions = 64;

    private static readonly int[] EfSearches = [10, 40, 100, 200, 400, 1000];

    /// <summary>Ids from the seeded generator, so the jitter (derived from the id) and so every vector is the same each run.</summary>
    private static Guid SeededId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

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
                    var id = SeededId(random);
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

            // ef_search per query, as the bench sets it: pgvector's default 40, the bench's default 100, and wider.
            var counts = new List<(int Ef, int LostWhole, int Partly)>();
            foreach (var ef in EfSearches)
            {
                var (lostWhole, partly) = (0, 0);
                for (var needle = 0; needle < small.Length; needle++)
                {
                    var copies = rows.Where(r => r.Small == needle).Select(r => r.Id).ToHashSet();
                    if (ef == EfSearches[0])
                    {
                        var exact = await ExactRecallPgVectorTests.IdsAsync(db, table, new Vector(small[needle]), exact: true, limit: 5);
                        Assert.True(copies.SetEquals(exact), $"needle {needle}: the exact scan's top 5 are not its 5 copies");
                    }
                    var found = (await ExactRecallPgVectorTests.IdsAsync(db, table, new Vector(small[needle]), exact: false, limit: 5, efSearch: ef)).Count(copies.Contains);
                    if (found == 0) lostWhole++;
                    else if (found < copies.Count) partly++;
                }
                counts.Add((ef, lostWhole, partly));
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"{rows.Count:N0} rows, {small.Length} clusters of 5 near-duplicates; the exact scan found all whole; HNSW (m 16, ef_construction 64) by ef_search: "
                + string.Join("; ", counts.Select(c => $"{c.Ef}: {c.LostWhole} lost whole, {c.Partly} in part")));
            // The graph's levels are pgvector's own random draws (not seedable), so the counts vary from
            // build to build over the same fixed data. Measured (docs/bench-method.md): at ef_search 40, 4, 5,
            // 4, 1, 2, 5, 1 and once 0 of the 100 clusters not found whole (the 0 failed this test's old
            // bound of 1 to 10 in a soak); at 10, 5, 7, 13 and 6; at 1000, none. The claim
            // asserted: a narrow search (ef_search 10) misses some, pgvector's default width (40) at most
            // 10, a wider search never more than the narrow one, and ef_search 1000 (pgvector's maximum)
            // finds every one whole, as the exact scan.
            int Missed((int Ef, int LostWhole, int Partly) c) => c.LostWhole + c.Partly;
            Assert.True(Missed(counts[0]) >= 1, "ef_search 10 found every cluster whole");
            Assert.InRange(Missed(counts[1]), 0, 10);
            Assert.All(counts, c => Assert.True(Missed(c) <= Missed(counts[0]), $"ef_search {c.Ef} missed more than 10"));
            Assert.Equal(0, Missed(counts[^1]));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
