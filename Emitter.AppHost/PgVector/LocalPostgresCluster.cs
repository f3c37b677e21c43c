using Emitter.Processes;

namespace Emitter.AppHost.PgVector;

/// <summary>
/// The data directory the local server runs on: created with initdb the first time, then
/// (in single-user mode, before the server starts) the database is created and the
/// postgres role's password set to the one the connection string carries.
/// </summary>
public static class LocalPostgresCluster
{
    public static async Task EnsureAsync(IProcessRunner runner, LocalPostgres server, string dataDirectory, string password, string database, CancellationToken ct = default)
    {
        var fresh = !File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        if (fresh)
        {
            await CreateDirectoryAsync(runner, dataDirectory, ct);
            await PostgresUser.RunAsync(runner, server.InitDb,
                ["-D", dataDirectory, "-U", "postgres", "--locale=C.UTF-8", "--encoding=UTF8", "--auth-local=peer", "--auth-host=scram-sha-256"],
                ct: ct);
        }

        var statements = $"ALTER ROLE postgres PASSWORD '{password.Replace("'", "''")}';\n";
        if (fresh) statements += $"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\";\n";
        // Single-user mode reads statements from stdin; the password never appears in a command line.
        await PostgresUser.RunAsync(runner, server.Postgres, ["--single", "-D", dataDirectory, "postgres"], statements, ct);
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
