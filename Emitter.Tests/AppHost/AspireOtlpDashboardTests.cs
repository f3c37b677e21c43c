using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Emitter.Processes;
using Emitter.Tests.Dashboard;
using Microsoft.Playwright;

namespace Emitter.Tests.AppHost;

/// <summary>
/// The app host as a person runs it (its own process, the real Aspire dashboard, its login token)
/// with <c>Emitter:Otlp=aspire</c>: in Chromium, the dashboard's Structured Logs show synthetic
/// entries under the synthetic services' names, and its Traces page a synthetic request whose
/// spans cross the call graph. Screenshots go to artifacts/browser (docs/ keeps a copy).
/// </summary>
public sealed partial class AspireOtlpDashboardTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(6);
    // The generator embeds its pool before it emits: minutes on a busy machine.
    private static readonly TimeSpan SeenLimit = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Synthetic_logs_and_traces_show_in_the_aspire_dashboard()
    {
        var ct = TestContext.Current.CancellationToken;
        await PgVectorProvisioning.EnsureInstalledAsync(ct);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var dataDirectory = $"/var/tmp/emitter-otlp-aspire-test-{Guid.NewGuid():N}";
        var output = new ConcurrentQueue<string>();
        using var appHost = StartAppHost(dataDirectory, output, out var login);
        try
        {
            var loginUrl = await login.Task.WaitAsync(StartLimit, ct);
            var dashboard = new Uri(loginUrl).GetLeftPart(UriPartial.Authority);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
            await page.GotoAsync(loginUrl);

            // Structured Logs: a record of a synthetic service, by its resource name in the grid
            // (the resource filter's hidden options hold the name too).
            var logs = await ReloadUntilAsync(page, $"{dashboard}/structuredlogs", p => p.Locator("td").Filter(new() { HasText = "payment-service" }), ct);
            Assert.True(logs, $"no payment-service record in Structured Logs; the app host's last lines:\n{string.Join('\n', output)}");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("otlp-aspire-structured-logs.png") });

            // Traces: a synthetic request that reached payment-service (its root span is named after the gateway) ...
            ILocator Request(IPage p) => p.Locator("tr").Filter(new() { HasText = "api-gateway request" }).Filter(new() { HasText = "payment-service" });
            var traces = await ReloadUntilAsync(page, $"{dashboard}/traces", Request, ct);
            Assert.True(traces, $"no synthetic trace in Traces; the app host's last lines:\n{string.Join('\n', output)}");
            // ... then its detail, by the trace id the row's name cell carries (the live grid re-renders under a click).
            var title = await Request(page).First.Locator("td[title*='Trace Id:']").GetAttributeAsync("title");
            var traceId = TraceIdInTitle().Match(title ?? "").Groups[1].Value;
            await page.GotoAsync($"{dashboard}/traces/detail/{traceId}");
            await page.GetByText("payment-service request").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("otlp-aspire-trace.png") });
            var detail = await page.InnerTextAsync("body");
            Assert.Contains("api-gateway request", detail);
            Assert.Contains("order-service request", detail);
        }
        finally
        {
            await StopAsync(appHost);
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Loads <paramref name="url"/> until the page shows what <paramref name="shown"/> finds (the dashboard fills its grids as telemetry arrives).</summary>
    private static Task<bool> ReloadUntilAsync(IPage page, string url, Func<IPage, ILocator> shown, CancellationToken ct) =>
        Eventually.HoldsAsync(async () =>
        {
            await page.GotoAsync(url);
            try
            {
                await shown(page).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }, SeenLimit, ct);

    /// <summary>
    /// The built app host, on free loopback ports, without containers; <paramref name="login"/> gets the
    /// dashboard's login address it prints, <paramref name="output"/> its last lines (its resources'
    /// logs among them), stamped, for a failure to show where the run was.
    /// </summary>
    private static Process StartAppHost(string dataDirectory, ConcurrentQueue<string> output, out TaskCompletionSource<string> login)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "Emitter.AppHost", "bin", "Release", "net10.0", "Emitter.AppHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--Emitter:Otlp=aspire", "--Emitter:ContainerRuntime=off", $"--Emitter:PgVector:DataDirectory={dataDirectory}" },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // What the launch profile sets, on ports no one else here uses.
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        login = found;
        var process = new Process { StartInfo = start };
        void Keep(string? line)
        {
            if (line is null) return;
            output.Enqueue($"{DateTime.UtcNow:HH:mm:ss.f} {LoginUrl().Replace(line, "<the dashboard's login address>")}");
            while (output.Count > 120) output.TryDequeue(out var _);
        }
        process.OutputDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (e.Data is { } line && LoginUrl().Match(line) is { Success: true } match) found.TrySetResult(match.Value);
        };
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Exited += (_, _) => found.TrySetException(new InvalidOperationException($"the app host exited ({process.ExitCode}) before printing its dashboard login"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM (an app host started from a script ignores SIGINT), then the whole tree if it lingers.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill!.WaitForExitAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex(@"https?://\S+/login\?t=[0-9a-zA-Z]+")]
    private static partial Regex LoginUrl();

    [GeneratedRegex("Trace Id: ([0-9a-f]{32})")]
    private static partial Regex TraceIdInTitle();
}
