using System.ComponentModel;
using System.Diagnostics;

namespace Emitter.AppHost.ContainerRuntime;

/// <summary>
/// Whether a container runtime answers: `docker info`, then `podman info`, each with a short
/// timeout. A client without its daemon (docker here) fails fast; a missing program counts as no.
/// </summary>
public static class ContainerRuntimeProbe
{
    public static readonly string[] DefaultCommands = ["docker", "podman"];

    /// <summary>The first command whose `info` succeeds, or null.</summary>
    public static async Task<string?> FindAsync(IEnumerable<string> commands, TimeSpan timeout)
    {
        foreach (var command in commands)
        {
            if (await AnswersAsync(command, timeout)) return command;
        }
        return null;
    }

    private static async Task<bool> AnswersAsync(string command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command, ["info"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return false; // not installed
        }
        if (process is null) return false;
        using (process)
        {
            using var deadline = new CancellationTokenSource(timeout);
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                await drain;
                return process.ExitCode == 0;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
        }
    }
}
