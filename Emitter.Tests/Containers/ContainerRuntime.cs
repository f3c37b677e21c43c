using System.Diagnostics;

namespace Emitter.Tests.Containers;

/// <summary>
/// The docker or podman CLI, if one answers <c>info</c> (a client without a daemon does not).
/// Tests that need real servers ask once; without a runtime they skip with the reason.
/// </summary>
public sealed class ContainerRuntime
{
    private static readonly Lazy<(ContainerRuntime? Runtime, string Reason)> Probe = new(Find);

    private ContainerRuntime(string cli) => Cli = cli;

    public string Cli { get; }

    /// <summary>The runtime, or a skip with why there is none.</summary>
    public static ContainerRuntime Require()
    {
        var (runtime, reason) = Probe.Value;
        if (runtime is null) Assert.Skip(reason);
        return runtime;
    }

    public async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var (exit, output, error) = await ExecuteAsync(Cli, args, timeout);
        if (exit != 0) throw new InvalidOperationException($"{Cli} {args[0]} failed ({exit}): {error.Trim()}");
        return output.Trim();
    }

    private static (ContainerRuntime?, string) Find()
    {
        var reasons = new List<string>();
        foreach (var cli in new[] { "docker", "podman" })
        {
            try
            {
                var (exit, _, error) = ExecuteAsync(cli, ["info"], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
                if (exit == 0) return (new ContainerRuntime(cli), "");
                reasons.Add($"`{cli} info` failed: {FirstLine(error)}");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                reasons.Add($"no {cli} CLI");
            }
        }
        return (null, "no container runtime answers, so no real server can be started: " + string.Join("; ", reasons));
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Length > 0) ?? "(no output)";

    private static async Task<(int Exit, string Output, string Error)> ExecuteAsync(string cli, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", $"timed out after {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, await output, await error);
    }
}
