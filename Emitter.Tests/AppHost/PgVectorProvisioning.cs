using Emitter.Processes;

namespace Emitter.Tests.AppHost;

/// <summary>
/// Makes sure PostgreSQL with pgvector is installed before the app host looks for it, with the
/// project's own provisioning script (idempotent, ~1 s once installed).
/// </summary>
public static class PgVectorProvisioning
{
    public static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        var script = System.IO.Path.Combine(RepositoryRoot.Path, "scripts", "pgvector-install.sh");
        if (!File.Exists(script))
            throw new InvalidOperationException($"{script} is missing: the app-host tests need PostgreSQL with pgvector installed by it.");

        var request = new ProcessRequest("bash", [script]) { WorkingDirectory = RepositoryRoot.Path };
        (await ProcessRunner.Instance.RunAsync(request, ct)).EnsureSucceeded(request);
    }
}
