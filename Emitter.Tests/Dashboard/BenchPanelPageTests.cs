using Emitter.Dashboard.Contract;
using Microsoft.Playwright;

namespace Emitter.Tests.Dashboard;

/// <summary>The page's bench panel in a real browser: hidden until a bench frame, then a store's figures, as text.</summary>
public class BenchPanelPageTests
{
    private const string Markup = "<img src=x onerror=\"window.injected = 1\">store";

    [Fact]
    public async Task The_panel_appears_with_a_stores_figures_after_a_bench_frame()
    {
        await using var server = await DashboardServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.OpenDashboardAsync(server);
        Assert.False(await page.Locator("#bench").IsVisibleAsync());

        var now = DateTimeOffset.UtcNow;
        await server.PostAsync(new IngestBatch(1, now, [.. Enumerable.Range(0, 20).Select(i =>
            new IngestEntry(Guid.CreateVersion7(), now.AddMilliseconds(i), "payment-service", i % 5 == 0 ? "ERROR" : "INFO", $"payment {i} declined by issuer"))]));
        var first = BenchLiveViewTests.Snapshot();
        await server.PostBenchAsync(first with { PhaseIndex = 0, Phase = "steady", ElapsedSecs = 20 });
        await server.PostBenchAsync(first);
        await server.PostBenchAsync(first with { Stores = [.. first.Stores, new BenchStoreFigures(Markup, "hybrid", 5, 0, 1, 2, 0, 0, 0, 0)] });
        await page.WaitForFunctionAsync("() => window.emitterDashboard.benchFrames === 3");

        Assert.True(await page.Locator("#bench").IsVisibleAsync());
        var vector = page.Locator("#bench-table tr[data-store=pgvector][data-mode=vector]");
        Assert.Equal("1,200", await vector.Locator("td.queries").TextContentAsync());
        Assert.Equal("4.25", await vector.Locator("td.p50").TextContentAsync());
        Assert.Equal("12.50", await vector.Locator("td.p99").TextContentAsync());
        Assert.Equal("1900", await vector.Locator("td.fresh-p99").TextContentAsync());
        Assert.Equal("9 / 1", await vector.Locator("td.markers").TextContentAsync());
        Assert.Equal("heavy", await page.Locator("#bench-phases span.current").TextContentAsync());
        Assert.Equal("43 s of 240 s", await page.Locator("#bench-progress").TextContentAsync());

        // A store's name is text, never markup.
        Assert.Equal(Markup, await page.Locator("#bench-table td.store", new PageLocatorOptions { HasText = "onerror" }).TextContentAsync());
        Assert.Equal(0, await page.Locator("#bench img").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.injected"));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dashboard-bench.png"), FullPage = false });
    }

    [Fact]
    public async Task The_capacity_search_shows_each_step_against_the_target_and_the_answer_when_done()
    {
        await using var server = await DashboardServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.OpenDashboardAsync(server);

        // A bench without capacity: no capacity table.
        await server.PostBenchAsync(BenchLiveViewTests.Snapshot());
        await page.WaitForFunctionAsync("() => window.emitterDashboard.benchFrames === 1");
        Assert.False(await page.Locator("#bench-capacity").IsVisibleAsync());

        var snapshot = BenchLiveViewTests.WithCapacity();
        await server.PostBenchAsync(snapshot);
        await page.WaitForFunctionAsync("() => window.emitterDashboard.benchFrames === 2");
        Assert.True(await page.Locator("#bench-capacity").IsVisibleAsync());
        Assert.Equal("(target: p99 <= 50 ms, errors <= 1.00 %)", await page.Locator("#bench-capacity-target").TextContentAsync());

        // Searching: the last step (40 qps) broke the SLO (61.5 ms > 50) and failed; 20 qps is the best so far.
        var vector = page.Locator("#capacity-table tr[data-store=pgvector][data-mode=vector]");
        var figures = snapshot.Capacity![0];
        Assert.Equal("heavy", await vector.Locator("td.phase").TextContentAsync());
        Assert.Equal($"#{figures.Steps}", await vector.Locator("td.step").TextContentAsync());
        Assert.Equal("40.0", await vector.Locator("td.qps").TextContentAsync());
        Assert.Equal("400", await vector.Locator("td.queries").TextContentAsync());
        Assert.Equal("61.50", await vector.Locator("td.p99").TextContentAsync());
        Assert.Equal("p99 bad", await vector.Locator("td.p99").GetAttributeAsync("class"));
        Assert.Equal("0.25 %", await vector.Locator("td.errors").TextContentAsync());
        Assert.Equal("errors", await vector.Locator("td.errors").GetAttributeAsync("class")); // 0.25 % is within 1 %
        Assert.Equal("fail", await vector.Locator("td.result").TextContentAsync());
        Assert.Equal("20.0", await vector.Locator("td.best").TextContentAsync());
        Assert.Equal("searching…", await vector.Locator("td.answer").TextContentAsync());

        // Done: the answer.
        var keyword = page.Locator("#capacity-table tr[data-store=pgvector][data-mode=keyword]");
        Assert.Equal("pass", await keyword.Locator("td.result").TextContentAsync());
        Assert.Equal("30.0", await keyword.Locator("td.answer").TextContentAsync());
        Assert.Equal("answer final", await keyword.Locator("td.answer").GetAttributeAsync("class"));
        await page.Locator("#bench").ScreenshotAsync(new LocatorScreenshotOptions { Path = Browser.ArtifactPath("dashboard-bench-capacity.png") });

        // The next snapshot: vector's search ends at 20 qps.
        await server.PostBenchAsync(snapshot with
        {
            Capacity = [figures with { Steps = 4, Qps = 30, P99Ms = 44, ErrorRate = 0, Passed = true, BestQps = 30, Done = true, MaxQpsAtSlo = 30 }, snapshot.Capacity[1]],
        });
        await page.WaitForFunctionAsync("() => window.emitterDashboard.benchFrames === 3");
        Assert.Equal("30.0", await vector.Locator("td.answer").TextContentAsync());
        Assert.Equal("pass", await vector.Locator("td.result").TextContentAsync());
        Assert.Equal("p99", await vector.Locator("td.p99").GetAttributeAsync("class"));
    }
}
