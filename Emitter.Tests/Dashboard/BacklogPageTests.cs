using Microsoft.Playwright;

namespace Emitter.Tests.Dashboard;

/// <summary>The page opened mid-run shows what the dashboard kept at once, and a reconnect shows no row twice.</summary>
public class BacklogPageTests
{
    private const string Rows = "() => document.querySelectorAll('#tail tbody tr').length";
    // Two animation frames: whatever the last frame received scheduled has been drawn.
    private const string Drawn = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))";

    [Fact]
    public async Task A_page_opened_after_ingest_shows_the_kept_rows_and_a_reconnect_does_not_repeat_them()
    {
        await using var server = await DashboardServer.StartAsync();
        string[] services = ["api-gateway", "order-service", "payment-service"];
        for (var i = 0; i < services.Length; i++) await server.PostAsync(TestBatches.Create(i + 1, 40, service: services[i]));

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        // Every connection of the page goes through this route, so the test can cut it.
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync(url => url.EndsWith("/ws", StringComparison.Ordinal), ws =>
        {
            ws.ConnectToServer();
            lock (sockets) sockets.Add(ws);
        });

        await page.GotoAsync(server.Address.ToString());
        await page.WaitForFunctionAsync("() => window.emitterDashboard.backlogs === 1");
        await page.EvaluateAsync(Drawn);
        Assert.Equal(120, await page.EvaluateAsync<int>(Rows));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.emitterDashboard.flushes"));
        Assert.Equal("120", await page.Locator("#total").TextContentAsync());
        var options = await page.Locator("#service option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        Assert.Equal(["", .. services], options);
        // The backlog is not an arrival: once the rates have ticked (a row per service), the rate is still zero.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#service-rates tr').length === 3");
        Assert.Equal("0.0/s", await page.Locator("#rate").TextContentAsync());

        // Cut the connection: the page reconnects by itself and gets the backlog again.
        IWebSocketRoute first;
        lock (sockets) first = Assert.Single(sockets);
        await first.CloseAsync();
        await page.WaitForFunctionAsync("() => window.emitterDashboard.backlogs === 2");
        await page.EvaluateAsync(Drawn);
        Assert.Equal(120, await page.EvaluateAsync<int>(Rows));

        // And flushes go on from there.
        await server.PostAsync(TestBatches.Create(4, 40, service: "order-service"));
        await page.WaitForFunctionAsync("() => window.emitterDashboard.flushes === 1");
        await page.EvaluateAsync(Drawn);
        Assert.Equal(160, await page.EvaluateAsync<int>(Rows));
        Assert.Equal("160", await page.Locator("#total").TextContentAsync());
    }
}
