using Emitter.Generator.Configuration;

namespace Emitter.Generator;

/// <summary>What the command line asked for.</summary>
public sealed record GeneratorOptions(string ConfigPath, ConfigOverrides Overrides, string? SummaryPath);
