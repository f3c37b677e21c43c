using System.CommandLine;
using Emitter.Generator.Configuration;

namespace Emitter.Generator;

/// <summary>The command line: options, help and version; the run itself is <see cref="GeneratorApp"/>.</summary>
public static class GeneratorCommand
{
    public static RootCommand Create(Stream stdout, TextWriter stderr, TimeProvider? time = null)
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

        var root = new RootCommand("Emitter: synthetic microservice logs with embeddings, at configured rates, to pluggable sinks.")
        {
            config, duration, seed, summary,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new GeneratorOptions(
                parse.GetValue(config)!,
                new ConfigOverrides(parse.GetValue(duration), parse.GetValue(seed)),
                parse.GetValue(summary)?.FullName);
            // Checked before anything runs: a summary first found unwritable after an hour's run is lost.
            if (options.SummaryPath is { } summaryPath && Unwritable(summaryPath) is { } problem)
            {
                await stderr.WriteLineAsync($"--summary: {summaryPath}: {problem}");
                return ConfigException.ExitCode;
            }
            return await new GeneratorApp(stdout, stderr, time).RunAsync(options, cancellationToken);
        });
        return root;
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

    private static string? Unwritable(string path)
    {
        var existed = File.Exists(path);
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
            if (!existed) File.Delete(path); // written for real after the run
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be written ({e.Message})";
        }
    }

    /// <summary>Parses and runs with Emitter's own Ctrl+C and SIGTERM handling (a graceful drain, not an abort).</summary>
    public static Task<int> RunAsync(this ParseResult parse, CancellationToken cancellationToken = default) =>
        parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken);
}
