using Emitter.Dashboard.Contract;
using Emitter.Generator.Model;
using Microsoft.Playwright;

namespace Emitter.Tests.Dashboard;

/// <summary>The page in a real browser: entries appear, filters hide, markup stays text.</summary>
public class DashboardPageTests
{
    private const string Markup = "<script>window.injected = 1</script><img src=x onerror=\"window.injected = 2\"> payload";

    private static IngestBatch Batch(long sequence)
    {
        var now = DateTimeOffset.UtcNow;
        string[] levels = ["DEBUG", "INFO", "WARN", "ERROR"];
        string[] services = ["api-gateway", "order-service", "payment-service"];
        var entries = Enumerable.Range(0, 40)
            .Select(i => new IngestEntry(Guid.CreateVersion7(), now.AddMilliseconds(i), services[i % 3], levels[i % 4],
                i == 7 && sequence == 1 ? Markup : $"GET /api/orders/{sequence * 100 + i} answered 200 in {i + 3} ms"))
            .ToArray();
        return new IngestBatch(sequence, now, entries);
    }

    [Fact]
    public async Task Entries_appear_the_level_filter_hides_other_levels_and_markup_shows_as_text()
    {
        await using var server = await DashboardServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.OpenDashboardAsync(server);

        for (var i = 1; i <= 3; i++) await server.PostAsync(Batch(i));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 120");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#service-rates tr').length === 3"); // the rates ticked

        // Every level shows, each in its own colour class.
        foreach (var level in new[] { "DEBUG", "INFO", "WARN", "ERROR" })
            Assert.Equal(30, await page.Locator($"#tail tbody tr[data-level={level}] td.level.level-{level}").CountAsync());

        // The markup is text: visible as written, never parsed into elements, never run.
        var cell = page.Locator("#tail td.message", new PageLocatorOptions { HasText = "payload" });
        Assert.Equal(Markup, await cell.TextContentAsync());
        Assert.Equal(0, await page.Locator("#tail script, #tail img").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.injected"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dashboard.png"), FullPage = false });

        // Only ERROR left ticked: every other level disappears.
        foreach (var level in new[] { "DEBUG", "INFO", "WARN" }) await page.Locator($"#levels input[value={level}]").UncheckAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 30");
        Assert.Equal(30, await page.Locator("#tail tbody tr[data-level=ERROR]").CountAsync());

        // The service and text filters narrow further.
        await page.Locator("#service").SelectOptionAsync("order-service");
        await page.Locator("#text").FillAsync("<script>");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 1");
        Assert.Equal(Markup, await page.Locator("#tail tbody tr[data-service=order-service][data-level=ERROR] td.message").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dashboard-filtered.png"), FullPage = false });
    }

    [Fact]
    public async Task Pause_freezes_the_tail_and_resume_shows_what_came_meanwhile()
    {
        await using var server = await DashboardServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(server.Address.ToString());
        await page.WaitForSelectorAsync("#status.live");
        await server.WaitForClientsAsync(1);
        await server.PostAsync(Batch(1));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 40");

        await page.Locator("#pause").ClickAsync();
        await server.PostAsync(Batch(2));
        await page.WaitForFunctionAsync("() => window.emitterDashboard.flushes === 2");
        await page.WaitForFunctionAsync("() => document.getElementById('paused-note').textContent.includes('40 new')");
        Assert.Equal(40, await page.Locator("#tail tbody tr").CountAsync());

        await page.Locator("#pause").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 80");
    }
}
