using System.Text.Json;
using Emitter.Tests.Cli;
using Emitter.Tests.PgVector;

namespace Emitter.Tests.Bench;

/// <summary>
/// The reproduction of issue 21 as a user meets it: the built program benches a real pgvector for
/// 2,000,000 s with a freshness marker every millisecond. Before markers were made as the run goes,
/// the plan allocated every marker up front (4.6 GB after 20 s, still growing, and no marker
/// written); now markers pour in and the process's peak memory stays that of a short run.
/// </summary>
public class MarkerMemoryProcessTests(ITestOutputHelper output)
{
    // Real time, only to turn a hang into a failure: the test waits for markers in the table.
    private static readonly TimeSpan HangDetector = TimeSpan.FromSeconds(180);

    // Markers in the table before memory is read: 10 s of a marker a millisecond.
    private const long Markers = 10_000;

    // Peak resident memory allowed. A short bench of the same program peaks at ~250-350 MB here
    // (runtime, local model, pool); every marker of the run planned up front would be billions.
    private const double PeakLimitMb = 1024;

    [Fact]
    public async Task A_bench_of_two_million_seconds_with_a_marker_every_millisecond_runs_in_the_memory_of_a_short_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = PgVectorTestDatabase.NewTable("markermem");
        await using var db = await PgVectorTestDatabase.OpenAsync();
        using var cache = new TempConfig("");
        var sinks = $"  - type: pgvector\n    connection_string: \"{PgVectorTestDatabase.ConnectionString}\"\n    table_name: {table}\n";
        using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory, sinks, """
            shutdown_grace_secs: 5
            bench:
              preseed_entries: 100
              phases:
                - {name: long, duration_secs: 2000000, write_rate: 0}
              queries: {rate_per_sec: 5, warmup: 0, modes: [keyword], timeout_ms: 500}
              freshness: {interval_ms: 1, max_wait_secs: 2}
              relevance: {needles: 0}
            """));
        var summaryPath = Path.Combine(config.Directory, "run.json");
        using var child = GeneratorChild.Start(HangDetector, "--config", config.Path, "--summary", summaryPath);
        child.DrainOutput();
        try
        {
            long stored = 0;
            await child.WaitUntilAsync(async () =>
            {
                // The table appears once the sinks are set up; until then there is nothing to count.
                if (!await db.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", table)) return false;
                stored = await db.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE service = 'emitter-bench'");
                return stored >= Markers;
            }, $"holding {Markers:N0} markers in its table", ct);
            var (rss, peak) = child.Memory();

            child.Signal("TERM");
            await child.Process.WaitForExitAsync(ct).WaitAsync(HangDetector, ct);
            var errors = await child.ErrorsAsync(ct);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath, ct));
            var markers = summary.RootElement.GetProperty("by_service").GetProperty("emitter-bench").GetInt64();
            output.WriteLine($"{stored:N0} markers stored when read: resident {rss:N0} MB, peak {peak:N0} MB; after SIGTERM exit {child.Process.ExitCode}, {markers:N0} markers in the summary");

            Assert.True(peak < PeakLimitMb, $"peak resident memory {peak:N0} MB with {stored:N0} markers written");
            Assert.True(markers >= stored, $"the summary counts {markers:N0} markers, the table held {stored:N0}");
            Assert.Contains("Emitter summary:", errors);
        }
        finally
        {
            child.Kill();
            await db.DropAsync(table);
        }
    }
}
