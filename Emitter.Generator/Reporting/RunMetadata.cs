using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Emitter.Generator.Reporting;

/// <summary>Which Emitter made a summary: the version and the commit it was built from.</summary>
public sealed record EmitterBuild(string Version, string? Commit)
{
    public static EmitterBuild Current { get; } = Read(typeof(EmitterBuild).Assembly);

    /// <summary>The SDK stamps the commit after a '+' in the informational version ("0.1.0+7d53c8b...").</summary>
    private static EmitterBuild Read(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? new EmitterBuild(informational, null) : new EmitterBuild(informational[..plus], informational[(plus + 1)..]);
    }
}

/// <summary>The machine a run was measured on: figures from two machines are not comparable without it.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string Os, string Runtime)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);
}

public static class RunMetadata
{
    /// <summary>
    /// The summary's layout version (docs/bench-summary.schema.json). 1: first versioned layout;
    /// fields are only added within a version, a removed or changed one raises it.
    /// </summary>
    public const int SchemaVersion = 1;

    /// <summary>"sha256:..." of the config file's bytes: two summaries with the same hash ran the same config (overrides aside).</summary>
    public static string? ConfigHash(string path)
    {
        try
        {
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The summary stamped with what produced it.</summary>
    public static RunSummary Stamp(RunSummary summary, string configPath) => summary with
    {
        Emitter = EmitterBuild.Current,
        Machine = MachineInfo.Current(),
        ConfigHash = ConfigHash(configPath),
    };
}
