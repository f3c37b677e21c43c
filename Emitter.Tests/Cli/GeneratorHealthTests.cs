using System.Diagnostics;
using System.Text.Json;
using Emitter.Processes;

namespace Emitter.Tests.Cli;

/// <summary>
/// Health for an app host: served only when the app host gives the generator a URL, and stdout
/// still carries entries only.
/// </summary>
public class GeneratorHealthTests
{
    [Fact]
    public void AloneItOpensNoPort()
    {
        Assert.False(Generator.GeneratorHost.ServesHealth(_ => null));
        Assert.True(Generator.GeneratorHost.ServesHealth(name => name == "ASPNETCORE_URLS" ? "http://127.0.0.1:5000" : null));
        Assert.True(Generator.GeneratorHost.ServesHealth(name => name == "HTTP_PORTS" ? "8080" : null));
    }

    [Fact]
    public async Task GivenAUrlItServesHealthAndAliveAndStdoutHoldsOnlyEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cache = new TempConfig("");
        using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory, extra: "run_duration_secs: 0"));
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var start = new ProcessStartInfo("dotnet", [GeneratorProgram.Path, "--config", config.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = url;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(ct);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            string? health = null;
            for (var attempt = 0; attempt < 120 && health is null; attempt++)
            {
                try { health = await http.GetStringAsync("/health", ct); }
                catch (HttpRequestException) { await Task.Delay(250, ct); }
            }
            Assert.Equal("Healthy", health);
            Assert.Equal("Healthy", await http.GetStringAsync("/alive", ct));

            for (var i = 0; i < 50; i++)
            {
                var line = await process.StandardOutput.ReadLineAsync(ct);
                Assert.NotNull(line);
                using var entry = JsonDocument.Parse(line); // every stdout line is an entry (JSON format)
                Assert.True(entry.RootElement.TryGetProperty("service", out _), line);
            }
        }
        finally
        {
            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            _ = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
        }
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Emitter summary:", await errors);
    }
}
