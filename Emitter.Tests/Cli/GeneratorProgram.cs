namespace Emitter.Tests.Cli;

/// <summary>
/// The generator as built in its own output folder (built with the tests, same configuration):
/// its deps.json resolves packages from there, not from the test's folder.
/// </summary>
public static class GeneratorProgram
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory); // .../Emitter.Tests/bin/<Configuration>/net10.0/
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "Emitter.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No Emitter.sln above {AppContext.BaseDirectory}.");
        var program = System.IO.Path.Combine(root.FullName, "Emitter.Generator", "bin", configuration, "net10.0", "emitter.dll");
        return File.Exists(program) ? program : throw new FileNotFoundException($"The generator is not built at {program}.");
    }
}
