using Emitter.Processes;

namespace Emitter.AppHost.PgVector;

/// <summary>
/// initdb and postgres refuse to run as root: as root they run as the postgres user (runuser),
/// otherwise as whoever runs the app host.
/// </summary>
public static class PostgresUser
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The command and arguments that run <paramref name="program"/> as the server's user.</summary>
    public static (string Command, string[] Args) Wrap(string program, params string[] args) =>
        IsRoot ? ("runuser", ["-u", "postgres", "--", program, .. args]) : (program, args);

    /// <summary>Runs <paramref name="program"/> as the server's user to its end; throws with its output when it fails.</summary>
    public static async Task RunAsync(IProcessRunner runner, string program, string[] args, string? stdin = null, CancellationToken ct = default)
    {
        var (command, wrapped) = Wrap(program, args);
        var request = new ProcessRequest(command, wrapped) { StandardInput = stdin };
        var result = await runner.RunAsync(request, ct);
        // Named by the program, not by runuser.
        if (!result.Succeeded) result.EnsureSucceeded(request with { Program = program });
    }
}
