namespace Emitter.Tests.AppHost;

/// <summary>The checkout the tests run from (the folder holding Emitter.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Emitter.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"No Emitter.sln above {AppContext.BaseDirectory}.");
    }
}
