using System.Text.Json;
using Emitter.Tests.Cli;
using Emitter.Tests.PgVector;

namespace Emitter.Tests.Bench;

/// <summary>A bench from the command line, as a user runs it: the local model embeds pool and queries, the chart lands beside the summary.</summary>
public class BenchCommandLineTests
{
    [Fact]
    public async Task A_bench_run_prints_its_table_and_writes_the_summary_with_bench_and_the_chart_beside_it()
    {
        var table = PgVectorTestDatabase.NewTable("benchcli");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        using var cache = new TempConfig("");
        using var output = new TempConfig("");
        var summaryPath = Path.Combine(output.Directory, "run.json");
        try
        {
            var sinks = $"  - type: pgvector\n    connection_string: \"{PgVectorTestDatabase.ConnectionString}\"\n    table_name: {table}\n";
            var bench = """
                bench:
                  preseed_entries: 300
                  phases:
                    - {name: quiet, duration_secs: 1.5, write_rate: 0}
                    - {name: busy, duration_secs: 1.5, write_rate: 1}
                  queries: {rate_per_sec: 10, warmup: 1}
                  freshness: {interval_ms: 500}
                  relevance: {needles: 1, copies: 3, interval_ms: 500}
                """;
            var (exit, _, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks, bench), "--summary", summaryPath);

            Assert.True(exit == 0, errors);
            Assert.Contains("Bench: 45 queries, top 10, open loop", errors);
            Assert.Contains("pre-seed: 303 entries", errors);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath, TestContext.Current.CancellationToken));
            var root = summary.RootElement;
            Assert.Equal(root.GetProperty("emitted").GetInt64(), root.GetProperty("sinks").GetProperty("pgvector").GetProperty("delivered").GetInt64());
            var phases = root.GetProperty("bench").GetProperty("phases");
            Assert.Equal(2, phases.GetArrayLength());
            Assert.True(phases[1].GetProperty("queries").GetProperty("pgvector").GetProperty("hybrid").GetProperty("count").GetInt64() > 0);
            Assert.True(root.GetProperty("by_service").GetProperty("emitter-bench").GetInt64() > 0, "markers are counted under their own service");

            var chart = Path.Combine(output.Directory, "run.png");
            Assert.True(File.Exists(chart), errors);
            Assert.Equal((byte)0x89, File.ReadAllBytes(chart)[0]);
        }
        finally
        {
            await db.DropAsync(table);
        }
    }
}
