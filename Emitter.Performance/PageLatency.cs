using System.Globalization;
using Microsoft.Playwright;

namespace Emitter.Performance;

/// <summary>
/// Opens a running dashboard's page in Debian's Chromium and reports how long entries took from
/// their flush (the batch's sealed_at) to being drawn in the page, as the page measures it.
/// Run the dashboard and a generator with a dashboard sink first.
/// </summary>
public static class PageLatency
{
    public static async Task RunAsync(EndToEndOptions options)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(options.Url);
        await page.WaitForSelectorAsync("#status.live");
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));

        var flushes = await page.EvaluateAsync<int>("() => window.emitterDashboard.flushes");
        var entries = await page.EvaluateAsync<long>("() => window.emitterDashboard.entries");
        var latencies = (await page.EvaluateAsync<double[]>("() => window.emitterDashboard.screenLatencies")).Order().ToArray();
        double At(double q) => latencies.Length == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Length - 1, Math.Floor(q * latencies.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"page-latency: {flushes} flushes, {entries:N0} entries in {options.Seconds:0} s; flush to screen median {At(0.5):0} ms, p95 {At(0.95):0} ms, max {(latencies.Length == 0 ? double.NaN : latencies[^1]):0} ms"));
    }
}
