using Emitter.Processes;

namespace Emitter.Tests.Processes;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task FeedsStdinAndEnvironmentAndKeepsBothOutputs()
    {
        var request = new ProcessRequest("bash", ["-c", "read line; echo \"$line $EMITTER_PROCESS_TEST\"; echo oops >&2; exit 3"])
        {
            StandardInput = "hello\n",
            Environment = new Dictionary<string, string?> { ["EMITTER_PROCESS_TEST"] = "world" },
        };
        var result = await ProcessRunner.Instance.RunAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello world\n", result.Output);
        Assert.Equal("oops\n", result.Error);
        var error = Assert.Throws<InvalidOperationException>(() => result.EnsureSucceeded(request));
        Assert.StartsWith("bash failed (exit 3): oops", error.Message);
    }

    [Fact]
    public async Task AMissingProgramIsAResultNotAnException()
    {
        var result = await ProcessRunner.Instance.RunAsync(new ProcessRequest("emitter-no-such-program", []), TestContext.Current.CancellationToken);
        Assert.Null(result.ExitCode);
        Assert.Contains("could not start emitter-no-such-program", result.Error);
    }

    [Fact]
    public async Task KillsAtTheTimeout()
    {
        // The timeout is the event waited for; sleep only has to outlast it.
        var result = await ProcessRunner.Instance.RunAsync(new ProcessRequest("sleep", ["600"]) { Timeout = TimeSpan.FromMilliseconds(200) }, TestContext.Current.CancellationToken);
        Assert.Null(result.ExitCode);
        Assert.StartsWith("timed out", result.Error);
    }
}
