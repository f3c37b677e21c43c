namespace Emitter.Tests;

/// <summary>A config file in a fresh temporary directory, removed afterwards.</summary>
public sealed class TempConfig : IDisposable
{
    public TempConfig(string yaml, string fileName = "emitter-test.yaml")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("emitter-test-").FullName;
        Path = System.IO.Path.Combine(Directory, fileName);
        File.WriteAllText(Path, yaml);
    }

    public string Directory { get; }
    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
