using Emitter.Processes;

namespace Emitter.Tests.PgVector;

/// <summary>The repository's scripts/pgvector-up.sh and -down.sh, for tests that need a server of their own to stop and start.</summary>
public static class PgVectorScripts
{
    public static string Root { get; } = FindRoot();

    /// <summary>Starts (creating it if needed) a server on <paramref name="port"/>; returns its connection string.</summary>
    public static async Task<string> UpAsync(int port) => (await RunAsync("pgvector-up.sh", "--port", $"{port}", "--data", DataDirectory(port))).Trim();

    public static Task DownAsync(int port, bool wipe = false) =>
        RunAsync("pgvector-down.sh", ["--port", $"{port}", "--data", DataDirectory(port), .. wipe ? new[] { "--wipe" } : []]);

    /// <summary>A free port outside the ephemeral range (<see cref="LoopbackPorts"/>).</summary>
    public static int FreePort() => LoopbackPorts.Free();

    private static string DataDirectory(int port) => $"/var/tmp/emitter-pgvector-test-{port}";

    private static async Task<string> RunAsync(string script, params string[] args)
    {
        var result = await ProcessRunner.Instance.RunAsync(new ProcessRequest("bash", [Path.Combine(Root, "scripts", script), .. args]) { WorkingDirectory = Root });
        if (!result.Succeeded) Assert.Fail($"scripts/{script} {string.Join(' ', args)} failed ({result.ExitCode?.ToString() ?? "did not run"}): {result.Error}");
        return result.Output;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "scripts", "pgvector-up.sh"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"No scripts/pgvector-up.sh above {AppContext.BaseDirectory}.");
    }
}
