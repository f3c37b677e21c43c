namespace Emitter.Generator.Configuration;

/// <summary>Command-line values; they beat the file.</summary>
public sealed record ConfigOverrides(double? DurationSecs = null, ulong? Seed = null);
