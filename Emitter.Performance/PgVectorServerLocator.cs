using Emitter.Processes;

namespace Emitter.Performance;

/// <summary>
/// The server to measure against: EMITTER_BENCH_PGVECTOR or EMITTER_TEST_PGVECTOR, else the
/// local one scripts/pgvector-up.sh installs and starts (and whose connection string it prints).
/// </summary>
public static class PgVectorServerLocator
{
    public static async Task<string> ConnectionStringAsync()
    {
        foreach (var variable in new[] { "EMITTER_BENCH_PGVECTOR", "EMITTER_TEST_PGVECTOR" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) return value;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "scripts", "pgvector-up.sh"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Set EMITTER_BENCH_PGVECTOR to a connection string, or run from the repository (scripts/pgvector-up.sh).");
        var request = new ProcessRequest("bash", [Path.Combine(dir.FullName, "scripts", "pgvector-up.sh")]) { WorkingDirectory = dir.FullName };
        return (await ProcessRunner.Instance.RunAsync(request)).EnsureSucceeded(request).Output.Trim();
    }
}
