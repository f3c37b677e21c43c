namespace Emitter.AppHost.PgVector;

/// <summary>
/// A PostgreSQL server installed on this machine with the pgvector extension (what
/// scripts/pgvector-install.sh provides): Debian's layout, /usr/lib/postgresql/NN/bin and
/// /usr/share/postgresql/NN/extension/vector.control. The newest such server wins.
/// </summary>
public sealed record LocalPostgres(string Major, string BinDirectory)
{
    public string Postgres => Path.Combine(BinDirectory, "postgres");
    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public static LocalPostgres? Find(string libRoot = "/usr/lib/postgresql", string shareRoot = "/usr/share/postgresql")
    {
        if (!Directory.Exists(libRoot)) return null;
        return Directory.GetDirectories(libRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(major => int.TryParse(major, out _))
            .OrderByDescending(int.Parse)
            .Where(major => File.Exists(Path.Combine(libRoot, major, "bin", "postgres"))
                && File.Exists(Path.Combine(shareRoot, major, "extension", "vector.control")))
            .Select(major => new LocalPostgres(major, Path.Combine(libRoot, major, "bin")))
            .FirstOrDefault();
    }
}
