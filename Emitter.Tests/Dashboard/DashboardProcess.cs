using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Emitter.Tests.Cli;

namespace Emitter.Tests.Dashboard;

/// <summary>
/// The dashboard as its own process (the program as built, Development like the app host runs it),
/// for faults about memory: its resident set is read from /proc, never guessed from the test's own heap.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DashboardProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public Uri WebSocketUri => new($"ws://{Address.Authority}/ws");
    public bool HasExited => _process.HasExited;

    public static string Program { get; } = Find();

    private static string Find()
    {
        var path = GeneratorProgram.Path.Replace(Path.Combine("Emitter.Generator", "bin"), Path.Combine("Emitter.Dashboard", "bin"))
            .Replace("emitter.dll", "Emitter.Dashboard.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The dashboard is not built at {path}.");
    }

    /// <param name="environment">Extra environment variables (e.g. a GC heap limit).</param>
    public static async Task<DashboardProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Program, "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning" }.Concat(settings)) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new DashboardProcess(process, new Uri($"http://127.0.0.1:{port}"));

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the dashboard exited with {process.ExitCode} at start");
            try
            {
                using var health = await dashboard.Http.GetAsync("/health", limit.Token);
                if (health.IsSuccessStatusCode) return dashboard;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, limit.Token);
        }
    }

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in MB.</summary>
    public (double Rss, double Peak) Memory() => ProcessMemory.Of(_process.Id);

    public async Task<JsonElement> StatsAsync()
    {
        using var stats = JsonDocument.Parse(await Http.GetStringAsync("/stats", TestContext.Current.CancellationToken));
        return stats.RootElement.Clone();
    }

    public async Task WaitForClientsAsync(int count)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await StatsAsync()).GetProperty("clients").GetInt32() < count) await Task.Delay(20, limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }
}
