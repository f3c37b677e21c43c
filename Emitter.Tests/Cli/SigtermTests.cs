using System.Diagnostics;
using System.Text.Json;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Cli;

/// <summary>The built program in its own process, stopped by SIGTERM as a container runtime or systemd would.</summary>
public class SigtermTests
{
    [Fact]
    public async Task Sigterm_during_an_endless_run_loses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cache = new TempConfig("");
        using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory, "  - type: stdout\n", "run_duration_secs: 0"));
        var summaryPath = Path.Combine(config.Directory, "summary.json");
        var program = GeneratorProgram.Path;

        using var process = Process.Start(new ProcessStartInfo("dotnet", [program, "--config", config.Path, "--summary", summaryPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync(ct);
        var lines = 0L;
        var stopped = false;
        while (await process.StandardOutput.ReadLineAsync(ct) is not null)
        {
            if (++lines == 1_000 && !stopped)
            {
                stopped = true;
                Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            }
        }
        await process.WaitForExitAsync(ct);

        Assert.True(stopped, $"the program ended before 1,000 lines: {await errors}");
        Assert.Equal(0, process.ExitCode);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath, ct));
        Assert.Equal(lines, summary.RootElement.GetProperty("emitted").GetInt64());
        Assert.Equal(lines, summary.RootElement.GetProperty("sinks").GetProperty("stdout").GetProperty("delivered").GetInt64());
        Assert.Contains("Emitter summary:", await errors);
    }

    [Fact]
    public async Task A_second_sigterm_while_the_drain_waits_exits_at_once_and_prints_what_is_known()
    {
        var ct = TestContext.Current.CancellationToken;
        var hangDetector = TimeSpan.FromMinutes(2); // real time, only to turn a hang into a failure; the grace below is 10 minutes
        await using var dashboard = new SilentServer();
        using var cache = new TempConfig("");
        using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory,
            $"  - type: dashboard\n    url: {dashboard.Url}\n    timeout_ms: 3600000\n", "run_duration_secs: 0\nshutdown_grace_secs: 600"));

        using var process = Process.Start(new ProcessStartInfo("dotnet", [GeneratorProgram.Path, "--config", config.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var errors = new System.Text.StringBuilder();
            var draining = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reading = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync(ct) is { } line)
                {
                    lock (errors) errors.AppendLine(line);
                    if (line.Contains("draining", StringComparison.Ordinal)) draining.TrySetResult();
                }
            }, ct);

            await dashboard.FirstRequest.Task.WaitAsync(hangDetector, ct); // a write is under way that will never be answered
            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            await draining.Task.WaitAsync(hangDetector, ct); // the drain now waits for the dashboard, for up to 10 minutes
            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            await process.WaitForExitAsync(ct).WaitAsync(hangDetector, ct);
            await reading.WaitAsync(hangDetector, ct);
            await stdout;

            Assert.Equal(128 + 15, process.ExitCode); // killed by SIGTERM, as a shell reports it
            var text = errors.ToString();
            Assert.Contains("Second stop signal", text);
            Assert.Contains("Emitter summary:", text);
            Assert.Matches(@"sink dashboard: delivered 0, failed 0, dropped \d", text);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
