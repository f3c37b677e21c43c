using System.Text.Json;
using System.Text.Json.Nodes;
using Emitter.Generator;
using Emitter.Tests.Cli;
using Emitter.Tests.Dashboard;
using Emitter.Tests.PgVector;
using Json.Schema;
using Microsoft.Playwright;

namespace Emitter.Tests.Bench;

/// <summary>
/// Real benches on the real pgvector, from the command line: a run repeated twice and one at a
/// higher write rate; the summary checked against docs/bench-summary.schema.json, and the two
/// compared in one report page opened in Chromium.
/// </summary>
public class BenchReportPageTests
{
    private static string Bench(double writeRate) => $$"""
        bench:
          preseed_entries: 300
          phases:
            - {name: quiet, duration_secs: 2, write_rate: 0}
            - {name: busy, duration_secs: 2, write_rate: {{writeRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
          queries: {rate_per_sec: 70, warmup: 1}
          freshness: {interval_ms: 300}
          relevance: {needles: 1, copies: 3, interval_ms: 300}
        """;

    [Fact]
    public async Task Two_runs_at_different_write_rates_validate_against_the_schema_and_compare_in_one_page_in_Chromium()
    {
        var tables = new[] { PgVectorTestDatabase.NewTable("reporta"), PgVectorTestDatabase.NewTable("reportb") };
        await using var db = await PgVectorTestDatabase.OpenAsync();
        using var cache = new TempConfig("");
        using var output = new TempConfig("");
        var ct = TestContext.Current.CancellationToken;
        try
        {
            string Sinks(string table) => $"  - type: pgvector\n    connection_string: \"{PgVectorTestDatabase.ConnectionString}\"\n    table_name: {table}\n";
            var first = Path.Combine(output.Directory, "slow-writes.json");
            var second = Path.Combine(output.Directory, "fast-writes.json");
            var (exitA, _, logA) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, Sinks(tables[0]), Bench(0.2)), "--summary", first, "--repeat", "2");
            Assert.True(exitA == 0, logA);
            var (exitB, _, logB) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, Sinks(tables[1]), Bench(1)), "--summary", second);
            Assert.True(exitB == 0, logB);

            // The repeat: each run's summary beside the main one, which holds each figure's spread.
            Assert.True(File.Exists(Path.Combine(output.Directory, "slow-writes.1.json")), logA);
            Assert.True(File.Exists(Path.Combine(output.Directory, "slow-writes.2.json")), logA);
            var repeated = JsonNode.Parse(await File.ReadAllTextAsync(first, ct))!;
            Assert.Equal(2, repeated["repeat"]!["runs"]!.GetValue<int>());
            var p99 = repeated["repeat"]!["figures"]!["phases/busy/queries/pgvector/hybrid/p99_ms"]!;
            Assert.True(p99["min"]!.GetValue<double>() <= p99["median"]!.GetValue<double>() && p99["median"]!.GetValue<double>() <= p99["max"]!.GetValue<double>(), p99.ToJsonString());

            // A real run's summary against the published schema, and what it says about its making.
            var schema = JsonSchema.FromText(await File.ReadAllTextAsync(Path.Combine(RepositoryRootOf(), "docs", "bench-summary.schema.json"), ct));
            foreach (var path in new[] { second, first })
            {
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path, ct));
                var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                Assert.True(result.IsValid, $"{path}: {JsonSerializer.Serialize(result)}");
            }
            var summary = JsonNode.Parse(await File.ReadAllTextAsync(second, ct))!;
            Assert.Equal(1, summary["schema_version"]!.GetValue<int>());
            Assert.Matches("^[0-9a-f]{40}$", summary["emitter"]!["commit"]!.GetValue<string>());
            Assert.Equal(Environment.ProcessorCount, summary["machine"]!["cores"]!.GetValue<int>());
            Assert.StartsWith("PostgreSQL 1", summary["bench"]!["stores"]!["pgvector"]!["server_version"]!.GetValue<string>());
            Assert.NotNull(summary["bench"]!["stores"]!["pgvector"]!["settings"]!["pgvector_version"]);
            Assert.Contains(summary["bench"]!["stores"]!["pgvector"]!["settings"]!["indexes"]!.AsArray(), i => i!.GetValue<string>().Contains("hnsw", StringComparison.Ordinal));

            // The bench's own report beside its summary, named in its log.
            Assert.True(File.Exists(Path.ChangeExtension(second, ".html")), logB);
            Assert.Contains($"Bench report written to {Path.ChangeExtension(second, ".html")}", logB);

            var page = Path.Combine(output.Directory, "compare.html");
            var stderr = new StringWriter();
            var exit = await GeneratorCommand.InvokeAsync(["report", first, second, "-o", page], Stream.Null, stderr, ct);
            Assert.True(exit == 0, stderr.ToString());

            var (playwright, browser) = await Browser.LaunchAsync();
            using (playwright)
            await using (browser)
            {
                var tab = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
                var requested = new List<string>();
                tab.Request += (_, request) => requested.Add(request.Url);
                await tab.GotoAsync(new Uri(page).AbsoluteUri);

                // Self-contained: the page itself is the only thing loaded.
                Assert.Equal([new Uri(page).AbsoluteUri], requested);
                Assert.Equal(["quiet", "busy"], await tab.Locator("section.phase").EvaluateAllAsync<string[]>("s => s.map(e => e.dataset.phase)"));
                var busy = tab.Locator("section.phase[data-phase=busy] table.figures");
                Assert.Equal(["pgvector"], await busy.Locator("tr").First.Locator("th[colspan]").AllInnerTextsAsync());
                Assert.Equal(["vector", "keyword", "hybrid"], await busy.Locator("tr").Nth(1).Locator("th").AllInnerTextsAsync());
                var p99Row = busy.Locator("tr", new LocatorLocatorOptions { Has = tab.Locator("td.label", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^p99_ms$") }) });
                Assert.Contains("[", await p99Row.InnerTextAsync()); // run A repeated: median [min - max]
                Assert.True(await busy.Locator(".change").CountAsync() > 0, "run B's figures carry their change against run A");
                Assert.Contains("run B", await tab.Locator("table.runs").InnerTextAsync());

                // Charts: eight panels per run, inline SVG, with drawn lines.
                Assert.Equal(16, await tab.Locator("section.charts figure.chart > svg").CountAsync());
                var charts = await tab.Locator("section.charts figure.chart").EvaluateAllAsync<string[][]>(
                    "fs => fs.map(f => [f.querySelector('figcaption').textContent, f.querySelector('svg').textContent])");
                string Chart(int run, string title) => charts.Skip(run * 8).Take(8).Single(c => c[0].StartsWith(title, StringComparison.Ordinal))[1];
                for (var run = 0; run < 2; run++)
                {
                    // Lines are drawn, each named in the legend by store and mode (colour per store, line style per mode).
                    foreach (var title in new[] { "Query latency p50", "Query latency p99", "Throughput", "Recall" })
                        Assert.Contains("pgvector hybrid", Chart(run, title));
                    Assert.Contains("pgvector delivered", Chart(run, "Write rate"));
                    Assert.Contains("pgvector backlog", Chart(run, "Write backlog"));
                    Assert.Contains("busy", Chart(run, "Errors")); // phases named on every panel
                }
                var box = await tab.Locator("section.charts figure.chart > svg").First.BoundingBoxAsync();
                Assert.True(box is { Width: > 300, Height: > 150 }, "the chart is laid out at a readable size");

                await tab.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("bench-report.png"), FullPage = false });
                await tab.Locator("section.phase[data-phase=busy]").ScreenshotAsync(new LocatorScreenshotOptions { Path = Browser.ArtifactPath("bench-report-phase.png") });
                await tab.Locator("section.charts").Last.ScreenshotAsync(new LocatorScreenshotOptions { Path = Browser.ArtifactPath("bench-report-charts.png") });
            }
        }
        finally
        {
            foreach (var table in tables) await db.DropAsync(table);
        }
    }

    private static string RepositoryRootOf()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Emitter.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("no Emitter.sln above the test binaries");
    }
}
