using Microsoft.Playwright;

namespace Emitter.Tests.Dashboard;

/// <summary>Debian's Chromium under Playwright (scripts/install-chromium.sh installs it; Playwright cannot download browsers here).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath)) Assert.Skip($"{ChromiumPath} is missing: scripts/test.sh installs it with scripts/install-chromium.sh");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>A 1280x900 page on the dashboard, once its WebSocket is live and the server has registered it.</summary>
    public static async Task<IPage> OpenDashboardAsync(this IBrowser browser, DashboardServer server)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(server.Address.ToString());
        await page.WaitForSelectorAsync("#status.live");
        await server.WaitForClientsAsync(1);
        return page;
    }

    /// <summary>Where screenshots go: artifacts/browser/ at the repository root (docs/testing.md says so).</summary>
    public static string ArtifactPath(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Emitter.sln"))) directory = directory.Parent;
        var root = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "artifacts", "browser");
        Directory.CreateDirectory(root);
        return Path.Combine(root, fileName);
    }
}
