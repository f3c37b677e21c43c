using System.Security.Cryptography;
using Emitter.Processes;

namespace Emitter.AppHost.PgVector;

/// <summary>
/// The data directory the local server runs on: created with initdb the first time, with the
/// database created and the postgres role's password set in single-user mode (before the
/// server starts). The password is generated once per data directory and kept in it
/// (<see cref="PasswordFileName"/>, mode 0600), the same file scripts/pgvector-up.sh keeps.
/// </summary>
public static class LocalPostgresCluster
{
    public const string PasswordFileName = "emitter-password";

    /// <summary>Prepares the cluster; returns the postgres role's password (<paramref name="configuredPassword"/> when given).</summary>
    public static async Task<string> EnsureAsync(IProcessRunner runner, LocalPostgres server, string dataDirectory, string database,
        string? configuredPassword, CancellationToken ct = default)
    {
        var fresh = !File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        if (fresh)
        {
            await CreateDirectoryAsync(runner, dataDirectory, ct);
            await PostgresUser.RunAsync(runner, server.InitDb,
                ["-D", dataDirectory, "-U", "postgres", "--locale=C.UTF-8", "--encoding=UTF8", "--auth-local=peer", "--auth-host=scram-sha-256"],
                ct: ct);
        }

        // A cluster made before the password file (whose password was a literal) gets a generated one too.
        var passwordFile = Path.Combine(dataDirectory, PasswordFileName);
        var kept = File.Exists(passwordFile) ? (await File.ReadAllTextAsync(passwordFile, ct)).Trim() : null;
        var password = configuredPassword ?? (string.IsNullOrEmpty(kept) ? NewPassword() : kept);

        var statements = "";
        if (password != kept) statements += $"ALTER ROLE postgres PASSWORD '{password.Replace("'", "''")}';\n";
        if (fresh) statements += $"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\";\n";
        // Single-user mode reads statements from stdin; the password never appears in a command line.
        if (statements.Length > 0) await PostgresUser.RunAsync(runner, server.Postgres, ["--single", "-D", dataDirectory, "postgres"], statements, ct);
        if (password != kept) await WritePasswordFileAsync(passwordFile, password, ct);
        return password;
    }

    /// <summary>32 letters and digits (~190 bits): nothing to quote in SQL, a connection string or a URI.</summary>
    public static string NewPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);

    private static async Task WritePasswordFileAsync(string path, string password, CancellationToken ct)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(path, options);
        await using var writer = new StreamWriter(file);
        await writer.WriteLineAsync(password.AsMemory(), ct);
    }

    private static async Task CreateDirectoryAsync(IProcessRunner runner, string dataDirectory, CancellationToken ct)
    {
        if (PostgresUser.IsRoot)
        {
            // Owned by postgres, mode 700: the server refuses a data directory others can read.
            var install = new ProcessRequest("install", ["-d", "-o", "postgres", "-g", "postgres", "-m", "700", dataDirectory]);
            (await runner.RunAsync(install, ct)).EnsureSucceeded(install);
            return;
        }
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
