using Emitter.AppHost.PgVector;

namespace Emitter.Tests.AppHost;

public sealed class LocalPostgresTests
{
    [Fact]
    public void FindsTheNewestServerThatHasPgvector()
    {
        using var root = new Embedding.TempDirectory();
        Server(root.Path, "15", vector: true);
        Server(root.Path, "16", vector: true);
        Server(root.Path, "17", vector: false);

        var found = LocalPostgres.Find(Path.Combine(root.Path, "lib"), Path.Combine(root.Path, "share"));

        Assert.Equal("16", found?.Major);
        Assert.Equal(Path.Combine(root.Path, "lib", "16", "bin", "postgres"), found?.Postgres);
    }

    [Fact]
    public void NothingWithoutPgvector()
    {
        using var root = new Embedding.TempDirectory();
        Server(root.Path, "15", vector: false);
        Assert.Null(LocalPostgres.Find(Path.Combine(root.Path, "lib"), Path.Combine(root.Path, "share")));
    }

    private static void Server(string root, string major, bool vector)
    {
        Directory.CreateDirectory(Path.Combine(root, "lib", major, "bin"));
        File.WriteAllText(Path.Combine(root, "lib", major, "bin", "postgres"), "");
        if (!vector) return;
        Directory.CreateDirectory(Path.Combine(root, "share", major, "extension"));
        File.WriteAllText(Path.Combine(root, "share", major, "extension", "vector.control"), "");
    }
}
