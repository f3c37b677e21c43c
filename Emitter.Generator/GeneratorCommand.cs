using System.CommandLine;
using System.Globalization;
using Emitter.Generator.Configuration;

namespace Emitter.Generator;

/// <summary>The command line: options, help and version; the run itself is <see cref="GeneratorApp"/>.</summary>
public static class GeneratorCommand
{
    public static RootCommand Create(Stream stdout, TextWriter stderr)
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
            if (options.Overrides.DurationSecs is < 0)
            {
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"--duration-secs: must be 0 (run until stopped) or more, got {options.Overrides.DurationSecs}"));
                return ConfigException.ExitCode;
            }
            return await new GeneratorApp(stdout, stderr).RunAsync(options, cancellationToken);
        });
        return root;
    }

    /// <summary>Parses and runs with Emitter's own Ctrl+C and SIGTERM handling (a graceful drain, not an abort).</summary>
    public static Task<int> RunAsync(this ParseResult parse, CancellationToken cancellationToken = default) =>
        parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken);
}
