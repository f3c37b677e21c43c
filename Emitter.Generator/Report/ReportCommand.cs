using System.CommandLine;
using Emitter.Generator.Configuration;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Report;

/// <summary><c>emitter report RUN.json [MORE.json ...] [-o report.html]</c>: the summaries as one self-contained page.</summary>
public static class ReportCommand
{
    public static Command Create(TextWriter stderr)
    {
        var files = new Argument<FileInfo[]>("summaries") { Description = "Bench --summary files; the first is the one the others are compared against.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the page (default: report.html beside the first summary)." };
        var command = new Command("report", "One self-contained HTML page (tables, charts as inline SVG) for one or more bench summaries.") { files, output };
        command.SetAction((parse, cancellationToken) => FileCommandAsync(stderr, "report", async () =>
        {
            var runs = parse.GetValue(files)!.Select(f => HtmlReport.Read(f.FullName)).ToList();
            var path = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetDirectoryName(runs[0].Path)!, "report.html");
            await File.WriteAllTextAsync(path, HtmlReport.Render(runs), cancellationToken);
            await stderr.WriteLineAsync($"Report written to {path}");
        }));
        return command;
    }

    /// <summary>After a bench with --summary: its report at <paramref name="reportPath"/> or beside the summary (run.json → run.html), named in the log.</summary>
    public static void WriteBeside(string summaryPath, string? reportPath, ILogger logger)
    {
        var path = reportPath ?? Path.ChangeExtension(summaryPath, ".html");
        try
        {
            File.WriteAllText(path, HtmlReport.Render([HtmlReport.Read(summaryPath)]));
            logger.LogInformation("Bench report written to {Path}", path);
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.LogWarning("Bench report {Path} could not be written: {Reason}", path, e.Message);
        }
    }

    /// <summary>A command over files (merge-summaries, report): a bad or unreadable file is one line and exit 2.</summary>
    internal static async Task<int> FileCommandAsync(TextWriter stderr, string name, Func<Task> body)
    {
        try
        {
            await body();
            return 0;
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return ConfigException.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"{name}: {e.Message}");
            return ConfigException.ExitCode;
        }
    }
}
