using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Emitter.Tests.PgVector;

namespace Emitter.Tests.Voices;

/// <summary>
/// With voices a keyword search finds the service whose domain the words belong to: the
/// query as qstorm sends it (ts_rank over <c>to_tsvector('english', message)</c>, served by its
/// GIN index) on the real pgvector, over entries four voiced services drew.
/// </summary>
public class VoiceSearchTests
{
    private static readonly ServiceConfig[] Services =
    [
        new("api-gateway", 10, [0.1, 0.7, 0.15, 0.05], ArrivalProcess.Poisson, "gateway"),
        new("order-service", 10, [0.1, 0.6, 0.2, 0.1], ArrivalProcess.Poisson, "orders"),
        new("payment-service", 10, [0.1, 0.6, 0.2, 0.1], ArrivalProcess.Poisson, "payments"),
        new("inventory-worker", 10, [0.1, 0.6, 0.2, 0.1], ArrivalProcess.Poisson, "inventory"),
    ];

    [Fact]
    public async Task A_keyword_query_ranks_the_service_of_its_domain_first()
    {
        var table = PgVectorTestDatabase.NewTable("voices");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        var ct = TestContext.Current.CancellationToken;
        var pool = PgVectorTestPools.WithRandomVectors(PoolLayout.Voices(Services.Select(s => s.Kind!), upstream: false).Build(2_000, seed: 5), 8);
        try
        {
            await using (var sink = PgVectorSinks.Create(table))
            {
                await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), ct);
                await sink.WriteAsync(Entries(pool, perService: 2_500), ct);
            }

            foreach (var (query, service) in new[]
            {
                ("payment declined", "payment-service"),
                ("warehouse sync", "inventory-worker"),
                ("saga compensation", "order-service"),
                ("upstream cluster", "api-gateway"),
            })
            {
                var top = await TopServicesAsync(db, table, query);
                Assert.True(top.Count >= 10, $"'{query}' found {top.Count} entries");
                Assert.Equal(service, top[0]);
                Assert.True(top.Count(s => s == service) >= top.Count * 0.8, $"'{query}': {string.Join(", ", top)}");
            }
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    private static Batch Entries(MessagePool pool, int perService)
    {
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var entries = Services.SelectMany(service =>
        {
            var sequence = new ServiceSequence(service, pool, 5);
            return Enumerable.Range(0, perService).Select(i =>
            {
                var message = sequence.NextMessage();
                return new LogEntry(Guid.CreateVersion7(), start.AddMilliseconds(i), service.Name, message.Level, message);
            });
        }).ToArray();
        return new Batch(entries, entries.Length, 1, start);
    }

    /// <summary>The services of the top 20 entries by ts_rank, best first (qstorm's keyword query).</summary>
    private static async Task<List<string>> TopServicesAsync(Npgsql.NpgsqlDataSource db, string table, string query)
    {
        await using var command = db.CreateCommand($"""
            SELECT service FROM "{table}"
            WHERE to_tsvector('english', message) @@ plainto_tsquery('english', $1)
            ORDER BY ts_rank(to_tsvector('english', message), plainto_tsquery('english', $1)) DESC, id
            LIMIT 20
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = query });
        var services = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) services.Add(reader.GetString(0));
        return services;
    }
}
