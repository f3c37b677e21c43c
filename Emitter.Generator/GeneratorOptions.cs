using Emitter.Generator.Configuration;

namespace Emitter.Generator;

/// <summary>What the command line asked for.</summary>
/// <param name="ReportPath">Where a bench's HTML report goes (default: beside the summary, as .html).</param>
public sealed record GeneratorOptions(string ConfigPath, ConfigOverrides Overrides, string? SummaryPath, string? ReportPath = null);
