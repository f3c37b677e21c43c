using System.CommandLine;
using Emitter.Generator.Configuration;
using Emitter.Generator.Stores;

namespace Emitter.Generator;

/// <summary>The command line: options, help and version; the run itself is <see cref="GeneratorApp"/>.</summary>
public static class GeneratorCommand
{
    public static RootCommand Create(Stream stdout, TextWriter stderr, TimeProvider? time = null, SinkCatalog? catalog = null)
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = "The YAML configuration file.",
            // The working directory's config.yaml, else the copy built next to the program,
            // so `dotnet run --project Emitter.Generator` works from anywhere.
            DefaultValueFactory = _ => File.Exists("config.yaml") ? "config.yaml" : Path.Combine(AppContext.BaseDirectory, "config.yaml"),
        };
        var duration = new Option<double?>("--duration-secs")
        {
            Description = "Run this many seconds (0: until Ctrl+C or SIGTERM). Beats run_duration_secs.",
        };
        var seed = new Option<ulong?>("--seed")
        {
            Description = "Seed for the message pool and every service's sequence. Beats seed in the file.",
        };
        var summary = new Option<FileInfo?>("--summary")
        {
            Description = "Also write the run summary as JSON to this file.",
        };

        var shard = new Option<Shard?>("--shard")
        {
            Description = "Run shard i of n (i from 0, e.g. 0/3): a 1/n share of every rate and incident, its own seeds and ids. Beats shard in the file.",
            CustomParser = result => Shard.TryParse(result.Tokens.Single().Value, out var problem) ?? Refused(result, problem!),
        };
        var startAt = new Option<DateTimeOffset?>("--start-at")
        {
            Description = "A common start time (ISO 8601, e.g. 2026-12-01T23:30:00Z): shards wait for it and share its phase clock.",
        };

        var report = new Option<FileInfo?>("--report")
        {
            Description = "A bench's HTML report (default: beside --summary, as .html).",
        };
        var repeat = new Option<int>("--repeat")
        {
            Description = $"Run the bench this many times (1-{RepeatRuns.Max}); --summary gets each figure's median and min-max, each run its own file beside it.",
            DefaultValueFactory = _ => 1,
        };
        repeat.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > RepeatRuns.Max) r.AddError($"--repeat: {r.GetValueOrDefault<int>()} is not between 1 and {RepeatRuns.Max}");
        });

        var root = new RootCommand("Emitter: synthetic microservice logs with embeddings, at configured rates, to pluggable sinks.")
        {
            config, duration, seed, summary, report, repeat, shard, startAt, MergeSummaries(stderr), Report.ReportCommand.Create(stderr),
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new GeneratorOptions(
                parse.GetValue(config)!,
                new ConfigOverrides(parse.GetValue(duration), parse.GetValue(seed), parse.GetValue(shard), parse.GetValue(startAt)),
                parse.GetValue(summary)?.FullName,
                parse.GetValue(report)?.FullName);
            // Checked before anything runs: a summary first found unwritable after an hour's run is lost.
            // An earlier summary is removed now: a run that crashes must not leave it behind as its own.
            if (options.SummaryPath is { } summaryPath && Reporting.SummaryFile.Prepare(summaryPath) is { } problem)
            {
                await stderr.WriteLineAsync($"--summary: {summaryPath}: {problem}");
                return ConfigException.ExitCode;
            }
            var runs = parse.GetValue(repeat);
            if (runs > 1) return await RepeatRuns.RunAsync(runs, options, () => new GeneratorApp(stdout, stderr, time, catalog), stderr, cancellationToken);
            return await new GeneratorApp(stdout, stderr, time, catalog).RunAsync(options, cancellationToken);
        });
        return root;
    }

    private static Shard? Refused(System.CommandLine.Parsing.ArgumentResult result, string problem)
    {
        result.AddError($"--shard: {problem}");
        return null;
    }

    /// <summary><c>emitter merge-summaries a.json b.json -o all.json</c>: the shards' summaries as one.</summary>
    private static Command MergeSummaries(TextWriter stderr)
    {
        var files = new Argument<FileInfo[]>("summaries") { Description = "The shards' --summary files.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the merged summary.", Required = true };
        var command = new Command("merge-summaries", "Add up the --summary files of one run's shards into one summary.") { files, output };
        command.SetAction((parse, cancellationToken) => Report.ReportCommand.FileCommandAsync(stderr, "merge-summaries", async () =>
        {
            var parts = parse.GetValue(files)!.Select(f => (f.FullName, Reporting.SummaryMerger.Read(f.FullName))).ToList();
            var merged = Reporting.SummaryMerger.Merge(parts);
            await Reporting.SummaryFile.WriteAsync(parse.GetValue(output)!.FullName, merged.ToJson(), cancellationToken);
            await stderr.WriteAsync(merged.ToText());
        }));
        return command;
    }


    /// <summary>The program: a bad command line is bad input like a bad config (one message each, exit 2); otherwise the run.</summary>
    public static async Task<int> InvokeAsync(string[] args, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var parse = Create(stdout, stderr).Parse(args);
        if (parse.Errors.Count == 0) return await parse.RunAsync(cancellationToken);

        foreach (var error in parse.Errors) await stderr.WriteLineAsync(error.Message);
        await stderr.WriteLineAsync("Try 'emitter --help'.");
        return ConfigException.ExitCode;
    }

    /// <summary>Parses and runs with Emitter's own Ctrl+C and SIGTERM handling (a graceful drain, not an abort).</summary>
    public static Task<int> RunAsync(this ParseResult parse, CancellationToken cancellationToken = default) =>
        parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken);
}
