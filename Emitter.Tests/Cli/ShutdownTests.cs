using System.Text.Json;
using Emitter.Generator;
using Emitter.Generator.Configuration;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Cli;

/// <summary>A stop (Ctrl+C, SIGTERM) ends the run within the grace period whatever a sink does, and the summary says what became of every entry.</summary>
public class ShutdownTests
{
    // Real time, only to turn a hang into a failure: every step before it waits for an event.
    private static readonly TimeSpan HangDetector = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_stop_while_stdout_is_never_read_ends_at_the_grace_period_and_prints_the_summary()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cache = new TempConfig("");
        using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory, "  - type: stdout\n", "run_duration_secs: 0\nshutdown_grace_secs: 1"));
        var summaryPath = Path.Combine(config.Directory, "summary.json");
        using var stdout = new BlockedStream();
        var stderr = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var run = new GeneratorApp(stdout, TextWriter.Synchronized(stderr)).RunAsync(new GeneratorOptions(config.Path, new ConfigOverrides(), summaryPath), stop.Token);
        await stdout.WriteStarted.Task.WaitAsync(HangDetector, ct); // the stdout sink's first write will never return
        await stop.CancelAsync(); // as Ctrl+C or SIGTERM does
        var exit = await run.WaitAsync(HangDetector, ct);

        Assert.Equal(GeneratorApp.SinkFailureExitCode, exit);
        Assert.Contains("Emitter summary:", stderr.ToString());
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath, ct));
        var sink = summary.RootElement.GetProperty("sinks").GetProperty("stdout");
        Assert.Equal(0, sink.GetProperty("delivered").GetInt64());
        Assert.Equal(summary.RootElement.GetProperty("emitted").GetInt64(), sink.GetProperty("failed").GetInt64());
        Assert.Contains("grace period ended", sink.GetProperty("first_error").GetString());
    }
}
