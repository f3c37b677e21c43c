using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Report;
using Emitter.Generator.Reporting;

namespace Emitter.Generator;

/// <summary>
/// <c>--repeat N</c>: the bench run N times, one after another, each with its summary beside the
/// main one (run.json → run.1.json ...). The main summary is the first run's with <c>repeat</c>:
/// every figure's median and min-max, which the report shows and uses to tell a change from noise.
/// </summary>
public static class RepeatRuns
{
    public const int Max = 100;

    public static async Task<int> RunAsync(int runs, GeneratorOptions options, Func<GeneratorApp> app, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (options.SummaryPath is not { } summaryPath)
        {
            await stderr.WriteLineAsync("--repeat: needs --summary (each run's summary and the spread are written beside it)");
            return ConfigException.ExitCode;
        }
        var files = new List<(string Path, string Json)>();
        var outcome = 0;
        for (var i = 1; i <= runs && !cancellationToken.IsCancellationRequested; i++)
        {
            var path = Path.ChangeExtension(summaryPath, $".{i}.json");
            await stderr.WriteLineAsync($"Repeat: run {i} of {runs}, summary {path}");
            outcome = await app().RunAsync(options with { SummaryPath = path, ReportPath = Path.ChangeExtension(path, ".html") }, cancellationToken);
            if (!File.Exists(path) || outcome is ConfigException.ExitCode or 130) return outcome;
            files.Add((path, await File.ReadAllTextAsync(path, cancellationToken)));
        }
        var repeat = RepeatSummary.Of(files);
        var first = SummaryMerger.Read(files[0].Path) with { Repeat = repeat };
        await File.WriteAllTextAsync(summaryPath, first.ToJson(), cancellationToken);
        await stderr.WriteAsync(repeat.ToText());
        ReportCommand.WriteBeside(summaryPath, options.ReportPath, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await stderr.WriteLineAsync($"Repeat: summary with the spread written to {summaryPath}, report {options.ReportPath ?? Path.ChangeExtension(summaryPath, ".html")}");
        return outcome;
    }
}
