using Emitter.AppHost.PgVector;
using Emitter.Processes;
using Emitter.Tests.Processes;

namespace Emitter.Tests.AppHost;

/// <summary>The local server's data directory, prepared with this machine's initdb and postgres.</summary>
public sealed class LocalPostgresClusterTests : IDisposable
{
    private readonly string _dataDirectory = $"/var/tmp/emitter-cluster-test-{Guid.NewGuid():N}";

    [Fact]
    public async Task AFreshDirectoryGetsAGeneratedPasswordKeptInItAndNeverOnACommandLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await ServerAsync(ct);
        var runner = new RecordingProcessRunner(ProcessRunner.Instance);

        var password = await LocalPostgresCluster.EnsureAsync(runner, server, _dataDirectory, "emitter", null, ct);

        Assert.NotEqual("emitter", password);
        Assert.Equal(32, password.Length);
        var file = Path.Combine(_dataDirectory, LocalPostgresCluster.PasswordFileName);
        Assert.Equal(password, (await File.ReadAllTextAsync(file, ct)).Trim());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains(runner.Requests, r => r.Arguments.Contains(server.InitDb));
        Assert.DoesNotContain(runner.Requests, r => r.Arguments.Any(a => a.Contains(password)) || r.Environment.Values.Any(v => v?.Contains(password) == true));

        // The next start keeps it and runs nothing.
        var again = new RecordingProcessRunner(ProcessRunner.Instance);
        Assert.Equal(password, await LocalPostgresCluster.EnsureAsync(again, server, _dataDirectory, "emitter", null, ct));
        Assert.Empty(again.Requests);
    }

    [Fact]
    public async Task AClusterWithoutAPasswordFileGetsOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await ServerAsync(ct);
        var first = await LocalPostgresCluster.EnsureAsync(ProcessRunner.Instance, server, _dataDirectory, "emitter", null, ct);
        File.Delete(Path.Combine(_dataDirectory, LocalPostgresCluster.PasswordFileName)); // as a cluster made before the file was

        var runner = new RecordingProcessRunner(ProcessRunner.Instance);
        var second = await LocalPostgresCluster.EnsureAsync(runner, server, _dataDirectory, "emitter", null, ct);

        Assert.NotEqual(first, second);
        var alter = Assert.Single(runner.Requests);
        Assert.Contains("--single", alter.Arguments);
        Assert.Contains(second, alter.StandardInput);
        Assert.DoesNotContain(alter.Arguments, a => a.Contains(second));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task<LocalPostgres> ServerAsync(CancellationToken ct)
    {
        await PgVectorProvisioning.EnsureInstalledAsync(ct);
        return LocalPostgres.Find() ?? throw new InvalidOperationException("scripts/pgvector-install.sh ran but no PostgreSQL with pgvector is found");
    }
}
