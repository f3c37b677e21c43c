namespace Emitter.Tests.Embedding;

/// <summary>A fresh directory under the system temp dir, removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("emitter-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
