using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Emitter.Tests.Cli;
using Emitter.Tests.PgVector;

namespace Emitter.Tests.Shards;

/// <summary>
/// Three generator processes, <c>--shard 0/3</c> to <c>2/3</c> with one seed and one
/// <c>--start-at</c>, write into one real pgvector table: every emitted entry is one row, no id
/// repeats, together they hold the run's planned count (uniform arrivals, an incident doubling one
/// service for 4 s), and <c>merge-summaries</c> adds their summaries up.
/// </summary>
public class ThreeShardPgVectorTests(ITestOutputHelper output)
{
    private const int Seconds = 10;

    [Fact]
    public async Task Three_shards_fill_one_table_with_distinct_ids_at_the_combined_rate()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = PgVectorTestDatabase.NewTable("shards");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        using var cache = new TempConfig("");
        using var config = new TempConfig($"""
            seed: 42
            message_pool_size: 40
            flush_interval_ms: 200
            embedding:
              cache_dir: {cache.Directory}
            sinks:
              - type: pgvector
                connection_string: ${"{"}EMITTER_TEST_PGVECTOR{"}"}
                table_name: {table}
            services:
              - name: orders
                rate_per_sec: 150
                arrival: uniform
              - name: web
                rate_per_sec: 150
                arrival: uniform
            incidents:
              - kind: database_pool_exhaustion
                start_secs: 3
                duration_secs: 4
                services: [orders]
                rate_multiplier: 2
            """);
        try
        {
            // One warm-up run fills the embedding cache, so the shards start in seconds (they wait for the common start; 75 s leaves room for three model loads on a busy machine).
            await RunAsync(["--config", config.Path, "--duration-secs", "3.5", "--shard", "0/3"], ct);
            await db.DropAsync(table);

            var startAt = DateTimeOffset.UtcNow.AddSeconds(75).ToString("O", CultureInfo.InvariantCulture);
            var summaries = Enumerable.Range(0, 3).Select(i => Path.Combine(config.Directory, $"shard-{i}.json")).ToArray();
            var runs = Enumerable.Range(0, 3).Select(i => RunAsync(
                ["--config", config.Path, "--duration-secs", Seconds.ToString(CultureInfo.InvariantCulture), "--shard", $"{i}/3", "--start-at", startAt, "--summary", summaries[i]], ct)).ToArray();
            foreach (var errors in await Task.WhenAll(runs)) output.WriteLine(errors);

            var merged = Path.Combine(config.Directory, "all.json");
            output.WriteLine(await RunAsync(["merge-summaries", .. summaries, "-o", merged], ct));

            var parts = summaries.Select(p => JsonDocument.Parse(File.ReadAllText(p)).RootElement).ToList();
            var all = JsonDocument.Parse(File.ReadAllText(merged)).RootElement;
            var emitted = parts.Sum(p => p.GetProperty("emitted").GetInt64());
            var rows = await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\"");
            var distinct = await db.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM \"{table}\"");
            // Planned: web 150/s for 10 s, orders 150/s with 4 s at twice that.
            const double Planned = 150 * Seconds + 150 * (Seconds + 4);
            var combinedRate = parts.Sum(p => p.GetProperty("achieved_rate").GetDouble());
            output.WriteLine($"shards emitted {string.Join(" + ", parts.Select(p => p.GetProperty("emitted").GetInt64()))} = {emitted}; rows {rows}; distinct ids {distinct}; "
                + $"planned {Planned}; combined rate {combinedRate:0.0}/s of {Planned / Seconds:0.0}/s; merged emitted {all.GetProperty("emitted").GetInt64()}");

            Assert.All(parts, p => Assert.Equal(0, p.GetProperty("not_emitted").GetInt64()));
            Assert.Equal(emitted, rows);
            Assert.Equal(rows, distinct);
            Assert.InRange(emitted, Planned * 0.98, Planned * 1.02);
            Assert.InRange(combinedRate, Planned / Seconds * 0.98, Planned / Seconds * 1.02);
            Assert.Equal(emitted, all.GetProperty("emitted").GetInt64());
            Assert.Equal(emitted, all.GetProperty("sinks").GetProperty("pgvector").GetProperty("delivered").GetInt64());
            foreach (var service in new[] { "orders", "web" })
                Assert.Equal(parts.Sum(p => p.GetProperty("by_service").GetProperty(service).GetInt64()), all.GetProperty("by_service").GetProperty(service).GetInt64());
            var incident = all.GetProperty("incidents")[0];
            Assert.Equal(parts.Sum(p => p.GetProperty("incidents")[0].GetProperty("entries_in_window").GetInt64()), incident.GetProperty("entries_in_window").GetInt64());
            Assert.InRange(incident.GetProperty("entries_in_window").GetInt64(), 1200 * 0.98, 1200 * 1.02); // 300/s for 4 s
            Assert.Equal(incident.GetProperty("entries_in_window").GetInt64(),
                await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\" WHERE service = 'orders' AND \"timestamp\" >= $1 AND \"timestamp\" < $2",
                    incident.GetProperty("start").GetDateTimeOffset().UtcDateTime, incident.GetProperty("end").GetDateTimeOffset().UtcDateTime));
        }
        finally
        {
            await db.DropAsync(table);
        }
    }

    private static async Task<string> RunAsync(string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", [GeneratorProgram.Path, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var errors = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await stdout;
        Assert.True(process.ExitCode == 0, $"emitter {string.Join(' ', args)} exited {process.ExitCode}: {errors}");
        return errors;
    }
}
