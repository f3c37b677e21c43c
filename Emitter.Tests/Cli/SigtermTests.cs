using System.Diagnostics;
using System.Text.Json;

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
}
