using System.Diagnostics;

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

    /// <summary>Runs to the end; throws with its output when it fails.</summary>
    public static async Task RunAsync(string program, string[] args, string? stdin = null, CancellationToken ct = default)
    {
        var (command, wrapped) = Wrap(program, args);
        await RunRawAsync(command, wrapped, stdin, ct);
    }

    public static async Task RunRawAsync(string command, string[] args, string? stdin = null, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(command, args)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = "/", // the postgres user must be able to read the working directory
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(args.FirstOrDefault(a => a.StartsWith('/')) ?? command)} failed (exit {process.ExitCode}): {await errors}{await output}".Trim());
    }
}
