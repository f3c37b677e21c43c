namespace Emitter.Processes;

/// <summary>
/// Whether a container runtime answers: `docker info`, then `podman info`, each with a timeout.
/// A client without its daemon (docker here) fails fast; a missing program counts as no.
/// </summary>
public static class ContainerRuntimeProbe
{
    public static readonly string[] DefaultCommands = ["docker", "podman"];

    /// <summary>The first command whose `info` succeeds (null if none), and why each other did not.</summary>
    public static async Task<(string? Runtime, string Reasons)> FindAsync(IProcessRunner runner, IEnumerable<string> commands, TimeSpan timeout, CancellationToken ct = default)
    {
        var reasons = new List<string>();
        foreach (var command in commands)
        {
            var result = await runner.RunAsync(new ProcessRequest(command, ["info"]) { Timeout = timeout }, ct);
            if (result.Succeeded) return (command, "");
            reasons.Add($"`{command} info` failed: {FirstLine(result.Error)}");
        }
        return (null, string.Join("; ", reasons));
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
}
