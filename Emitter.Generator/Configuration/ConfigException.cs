namespace Emitter.Generator.Configuration;

/// <summary>
/// A configuration the generator refuses. The message is the whole story for the user
/// ("config.yaml:12: services[1].rate_per_sec: must be greater than 0, got -5"): the
/// program prints it alone and exits 2, never a stack trace.
/// </summary>
public sealed class ConfigException(string message) : Exception(message)
{
    public const int ExitCode = 2;

    public static ConfigException At(string file, int? line, string key, string problem) =>
        new(line is > 0 ? $"{file}:{line}: {key}: {problem}" : $"{file}: {key}: {problem}");
}
