using System.Text.Json;
using Emitter.Tests.Cli;

namespace Emitter.Tests.Faults;

/// <summary>
/// One real generator run (config file, command line, in process) for a fault test, and what
/// its summary says of one sink. The run is short and planned (one second at 600 entries/s);
/// the faults are armed before it starts and fire on the traffic itself, so nothing depends
/// on when the test looks.
/// </summary>
public static class FaultRun
{
    public sealed record Outcome(int Exit, long Emitted, long Delivered, long Failed, long Dropped, long Retried, string Errors)
    {
        /// <summary>Every emitted entry is accounted for once, none failed or dropped (the faults are transient, the grace suffices).</summary>
        public void AssertAllDelivered()
        {
            Assert.True(Exit == 0, $"exit {Exit}: {Errors}");
            Assert.True(Emitted > 0, Errors);
            Assert.Equal(Emitted, Delivered + Failed + Dropped);
            Assert.Equal(0, Failed);
            Assert.Equal(0, Dropped);
            Assert.Equal(Emitted, Delivered);
        }
    }

    public static async Task<Outcome> RunAsync(string sinks, string sinkName)
    {
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        var (exit, _, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, sinks), "--duration-secs", "1", "--summary", summaryFile.Path);
        var text = await File.ReadAllTextAsync(summaryFile.Path, TestContext.Current.CancellationToken);
        Assert.True(text.Length > 0, $"no summary (exit {exit}): {errors}");
        using var summary = JsonDocument.Parse(text);
        var sink = summary.RootElement.GetProperty("sinks").GetProperty(sinkName);
        return new Outcome(exit, summary.RootElement.GetProperty("emitted").GetInt64(),
            sink.GetProperty("delivered").GetInt64(), sink.GetProperty("failed").GetInt64(), sink.GetProperty("dropped").GetInt64(),
            sink.GetProperty("retried").GetInt64(), errors);
    }
}
