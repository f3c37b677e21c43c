using Microsoft.Extensions.Configuration;

namespace Emitter.AppHost.Bench;

/// <summary>
/// <c>Emitter:Bench</c>: run the whole benchmark instead of an endless stream. <c>true</c> takes
/// the shipped bench.yaml (beside config.yaml); any other value is the path of a config with a
/// bench section. The generator gets that config and writes its summary, and the chart and report.html beside
/// it, to <c>Emitter:BenchSummary</c> (default artifacts/bench/summary.json at the repository root).
/// </summary>
public sealed record BenchSetting(string ConfigPath, string SummaryPath)
{
    public const string Key = "Emitter:Bench";
    public const string SummaryKey = "Emitter:BenchSummary";
    public const string ShippedConfig = "bench.yaml";

    /// <summary>The setting, or null when it is absent or false; a config file that does not exist is an error naming the key.</summary>
    public static BenchSetting? Read(IConfiguration configuration, string repositoryRoot)
    {
        var value = configuration[Key]?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("false", StringComparison.OrdinalIgnoreCase)) return null;

        var config = value.Equals("true", StringComparison.OrdinalIgnoreCase) ? Path.Combine(repositoryRoot, ShippedConfig) : Path.GetFullPath(value);
        if (!File.Exists(config))
            throw new AppHostSettingException($"{Key}: config file {config} not found (true runs {ShippedConfig}; or give the path of a config with a bench section)");
        var summary = Path.GetFullPath(configuration[SummaryKey] is { Length: > 0 } s ? s : Path.Combine(repositoryRoot, "artifacts", "bench", "summary.json"));
        return new BenchSetting(config, summary);
    }

    /// <summary>The bench's HTML report: report.html beside the summary (artifacts/bench/report.html by default).</summary>
    public string ReportPath => Path.Combine(Path.GetDirectoryName(SummaryPath)!, "report.html");

    /// <summary>The generator's arguments for this bench.</summary>
    public IReadOnlyList<string> GeneratorArgs => ["--config", ConfigPath, "--summary", SummaryPath, "--report", ReportPath];
}
