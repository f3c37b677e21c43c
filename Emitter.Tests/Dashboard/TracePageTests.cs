using Emitter.Dashboard.Contract;
using Emitter.Generator.Model;
using Microsoft.Playwright;

namespace Emitter.Tests.Dashboard;

/// <summary>The page in a real browser: a click on a trace id shows that trace's entries, oldest first; "show all" goes back.</summary>
public class TracePageTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static IngestBatch Batch()
    {
        var now = DateTimeOffset.UtcNow;
        // A request through three services (its lines interleaved with others', newest posted first) and untraced entries.
        IngestEntry Traced(int ms, string service, string level, string message, string span) =>
            new(Guid.CreateVersion7(), now.AddMilliseconds(ms), service, level, message, Trace, span);
        var entries = new List<IngestEntry>
        {
            Traced(9, "api-gateway", "ERROR", "downstream POST /api/orders failed with 503 Service Unavailable, answering 502 Bad Gateway (req-1a2b3c)", "00f067aa0ba902b7"),
            Traced(6, "order-service", "ERROR", "downstream POST /api/payments timed out after 5s, answering 504 Gateway Timeout (req-1a2b3c)", "b7ad6b7169203331"),
            Traced(3, "payment-service", "ERROR", "payment txn-0a1b2c declined: card expired, payment for order-12345 failed", "53995c3f42cd8ad8"),
            Traced(0, "api-gateway", "INFO", "POST /api/orders completed 201 in 48ms (req-1a2b3c)", "00f067aa0ba902b7"),
        };
        for (var i = 0; i < 30; i++)
            entries.Insert(i % entries.Count, new IngestEntry(Guid.CreateVersion7(), now.AddMilliseconds(i), "search-api", "INFO", $"search served {i} results", $"{i:x32}", $"{i + 1:x16}"));
        entries.Add(new IngestEntry(Guid.CreateVersion7(), now, "bench", "INFO", "emitter freshness marker mkabcdefghij")); // no trace context
        return new IngestBatch(1, now, [.. entries]);
    }

    [Fact]
    public async Task A_click_on_a_trace_id_shows_that_traces_entries_in_causal_order()
    {
        await using var server = await DashboardServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.OpenDashboardAsync(server);

        await server.PostAsync(Batch());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 35");
        Assert.Equal(0, await page.Locator("#tail tbody tr", new PageLocatorOptions { HasText = "freshness marker" }).Locator("a.trace-link").CountAsync());

        await page.Locator($"#tail a.trace-link[data-trace='{Trace}']").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 4");

        Assert.Equal(["api-gateway", "payment-service", "order-service", "api-gateway"], await page.Locator("#tail tbody td.service").AllTextContentsAsync());
        Assert.Equal(["INFO", "ERROR", "ERROR", "ERROR"], await page.Locator("#tail tbody td.level").AllTextContentsAsync());
        Assert.False(await page.Locator("#trace-filter").IsHiddenAsync());
        Assert.Equal(Trace, await page.Locator("#trace-id").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("dashboard-trace.png"), FullPage = false });

        await page.Locator("#trace-clear").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#tail tbody tr').length === 35");
        Assert.True(await page.Locator("#trace-filter").IsHiddenAsync());
    }

    [Fact]
    public async Task Ingest_refuses_a_trace_id_that_is_not_32_lower_case_hex_digits()
    {
        await using var server = await DashboardServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var batch = new IngestBatch(1, now, [new IngestEntry(Guid.CreateVersion7(), now, "api", "INFO", "ok", "4BF92F3577B34DA6A3CE929D0E0E4736", "00f067aa0ba902b7")]);

        var body = System.Text.Json.JsonSerializer.Serialize(batch, IngestJson.Default.IngestBatch);
        using var response = await server.Http.PostAsync("/ingest", new StringContent(body, System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json")), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("not an ingest batch: entries[0].trace_id: expected 32 lower-case hex digits", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
