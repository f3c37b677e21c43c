using System.CommandLine;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using Emitter.Performance.TextIndex;

namespace Emitter.Performance;

/// <summary>
/// The benchmark's command line: one subcommand per mode, each with its own options and defaults
/// (`--help` on any of them lists them). A bad command line is one message per error and exit 2.
/// </summary>
public static class BenchmarkCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Emitter benchmarks: hot paths under BenchmarkDotNet, whole pipelines as end-to-end runs that print figures.");
        var cores = new Option<int?>("--cores") { Description = "Pin the process to this many cores.", Recursive = true };
        cores.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n && (n < 1 || n > Environment.ProcessorCount))
                result.AddError($"--cores: expected 1 to {Environment.ProcessorCount}, got {n}");
        });
        root.Options.Add(cores);

        root.Subcommands.Add(EndToEnd("pipeline", "Emitters -> batching -> a null sink.", cores, PipelineBenchmark.RunAsync,
            seconds: 2, dimensions: 1536, rate: 20_000_000));
        root.Subcommands.Add(EndToEnd("stdout", "The stdout sink, JSON and text lines into /dev/null.", cores, StdoutThroughput.RunAsync,
            entries: 5_000_000));
        root.Subcommands.Add(EndToEnd("embed", "Local all-MiniLM-L6-v2 embeddings/s.", cores, EmbeddingThroughput.RunAsync,
            count: 2_000));
        root.Subcommands.Add(EndToEnd("dashboard", "The dashboard's ingest and fan-out to WebSocket clients.", cores, DashboardBenchmark.RunAsync,
            seconds: 2, dimensions: 384, rate: 10_000, clients: 20));
        root.Subcommands.Add(EndToEnd("page-latency", "Flush-to-screen latency of a running dashboard page.", cores, PageLatency.RunAsync,
            seconds: 2, url: "http://localhost:3000"));
        root.Subcommands.Add(EndToEnd("query-driver", "The query driver's own ceiling and overhead against a zero-latency store.", cores, QueryDriverBenchmark.RunAsync,
            seconds: 10, rate: 1_000, count: 2_000_000));
        root.Subcommands.Add(EndToEnd("otlp-encode", "The OTLP sink's encoding alone (batch to protobuf bytes); run with --cores 1.", cores, OtlpThroughput.EncodeAsync,
            entries: 2_000_000));
        root.Subcommands.Add(EndToEnd("otlp", "The OTLP sink end to end over gRPC and HTTP into a local receiver that counts.", cores, OtlpThroughput.EndToEndAsync,
            seconds: 5));
        root.Subcommands.Add(PgVector(cores));
        root.Subcommands.Add(TextIndex(cores));
        root.Subcommands.Add(Bdn(cores));
        return root;
    }

    /// <summary>Parses and runs; a parse error is printed (not a stack trace) with exit 2.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count == 0) return await parse.InvokeAsync();
        foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
        Console.Error.WriteLine("Try 'Emitter.Performance --help'.");
        return 2;
    }

    private static Command EndToEnd(string name, string description, Option<int?> cores, Func<EndToEndOptions, Task> run,
        double? seconds = null, int? dimensions = null, long? entries = null, int? count = null, double? rate = null, int? clients = null, string? url = null)
    {
        var command = new Command(name, description);
        // Only the switches this mode reads, each with this mode's default.
        var secondsOption = AddIf(command, seconds, "--seconds", "How long to run, in seconds.");
        var dimensionsOption = AddIf(command, dimensions, "--dims", "Embedding dimensions.");
        var entriesOption = AddIf(command, entries, "--entries", "Entries to write.");
        var countOption = AddIf(command, count, "--count", "How many to measure.");
        var rateOption = AddIf(command, rate, "--rate", "Entries (or queries) per second.");
        var clientsOption = AddIf(command, clients, "--clients", "WebSocket clients.");
        Option<string>? urlOption = null;
        if (url is not null)
        {
            urlOption = new Option<string>("--url") { Description = "The page to measure.", DefaultValueFactory = _ => url };
            command.Options.Add(urlOption);
        }
        command.SetAction(async (parse, _) =>
        {
            var options = new EndToEndOptions(
                Pin(parse.GetValue(cores)),
                Get(parse, secondsOption),
                Get(parse, dimensionsOption),
                Get(parse, entriesOption),
                Get(parse, countOption),
                Get(parse, rateOption),
                Get(parse, clientsOption),
                urlOption is null ? "" : parse.GetValue(urlOption)!);
            await run(options);
        });
        return command;
    }

    private static Command PgVector(Option<int?> cores)
    {
        var command = new Command("pgvector", "The pgvector sink's rows/s in copy and unnest mode against psql's binary \\copy.");
        var entries = Add(command, 50_000, "--entries", "Rows per measurement.");
        var batch = Add(command, 1_000, "--batch", "Rows per batch.");
        var dims = List<int>(command, "--dims", "Embedding dimensions, comma-separated.", "384,1536");
        var repeats = Add(command, 3, "--repeats", "Rounds without HNSW (the median is printed; with HNSW: 1).");
        var hnsw = new Option<string>("--hnsw") { Description = "Measure without the HNSW index, with it, or both.", DefaultValueFactory = _ => "both" };
        hnsw.AcceptOnlyFromAmong("both", "no", "yes");
        command.Options.Add(hnsw);
        var methods = new Option<string?>("--methods") { Description = $"Only these methods, comma-separated: {string.Join(", ", PgVectorBenchmark.MethodNames)}." };
        methods.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && text.Split(',').Except(PgVectorBenchmark.MethodNames).FirstOrDefault() is { } unknown)
                result.AddError($"--methods: unknown method '{unknown}' (expected {string.Join(", ", PgVectorBenchmark.MethodNames)})");
        });
        command.Options.Add(methods);
        command.SetAction(async (parse, _) =>
        {
            Pin(parse.GetValue(cores));
            await PgVectorBenchmark.RunAsync(new PgVectorBenchmarkOptions(
                parse.GetValue(entries),
                parse.GetValue(batch),
                parse.GetValue(dims)!,
                parse.GetValue(repeats),
                parse.GetValue(hnsw) switch { "no" => [false], "yes" => [true], _ => [false, true] },
                parse.GetValue(methods)?.Split(',')));
        });
        return command;
    }

    private static Command TextIndex(Option<int?> cores)
    {
        var command = new Command("text-index", "Text-index variants on pgvector: load rows/s, size, and query latency.");
        var rows = Add(command, 200_000, "--rows", "Rows to load.");
        var dims = Add(command, 384, "--dims", "Embedding dimensions.");
        var batch = Add(command, 1_000, "--batch", "Rows per batch.");
        var repeats = Add(command, 3, "--repeats", "Rounds per load.");
        var queries = Add(command, 300, "--queries", "Queries per cell.");
        var cellSeconds = Add(command, 30d, "--cell-seconds", "Longest time per cell, in seconds.");
        var hnsw = new Option<bool>("--hnsw") { Description = "Also build the HNSW index." };
        command.Options.Add(hnsw);
        command.SetAction(async (parse, _) =>
        {
            Pin(parse.GetValue(cores));
            await TextIndexBenchmark.RunAsync(new TextIndexOptions(
                parse.GetValue(rows), parse.GetValue(dims), parse.GetValue(batch), parse.GetValue(repeats),
                parse.GetValue(queries), parse.GetValue(cellSeconds), parse.GetValue(hnsw)));
        });
        return command;
    }

    /// <summary>BenchmarkDotNet's own command line, passed on as it is.</summary>
    private static Command Bdn(Option<int?> cores)
    {
        var command = new Command("bdn", "BenchmarkDotNet hot paths; the rest of the line is BenchmarkDotNet's (e.g. --filter '*').")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parse =>
        {
            Pin(parse.GetValue(cores));
            BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run([.. parse.UnmatchedTokens]);
        });
        return command;
    }

    /// <summary>A positive number with this mode's default.</summary>
    private static Option<T> Add<T>(Command command, T fallback, string name, string description) where T : struct, IComparable<T>, IParsable<T>
    {
        var option = new Option<T>(name) { Description = description, DefaultValueFactory = _ => fallback };
        // Only a number that parses: one that does not is System.CommandLine's own error.
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && T.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var v) && v.CompareTo(default) <= 0)
                result.AddError($"{name}: expected a positive number, got {v}");
        });
        command.Options.Add(option);
        return option;
    }

    private static Option<T>? AddIf<T>(Command command, T? fallback, string name, string description) where T : struct, IComparable<T>, IParsable<T> =>
        fallback is { } value ? Add(command, value, name, description) : null;

    private static Option<T[]> List<T>(Command command, string name, string description, string fallback) where T : IParsable<T>
    {
        var option = new Option<T[]>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : fallback;
                var items = new List<T>();
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (T.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var item)) items.Add(item);
                    else result.AddError($"{name}: '{part}' is not a number");
                }
                return [.. items];
            },
            DefaultValueFactory = result => [.. fallback.Split(',').Select(p => T.Parse(p, System.Globalization.CultureInfo.InvariantCulture))],
        };
        command.Options.Add(option);
        return option;
    }

    /// <summary>The value, or (for a switch this mode does not have) nothing it reads.</summary>
    private static T Get<T>(ParseResult parse, Option<T>? option) where T : struct => option is null ? default : parse.GetValue(option);

    /// <summary>Pins the process to the first <paramref name="cores"/> cores.</summary>
    private static int? Pin(int? cores)
    {
        if (cores is { } n && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
            Process.GetCurrentProcess().ProcessorAffinity = (nint)((1L << n) - 1);
        return cores;
    }
}
