using System.Globalization;
using Emitter.Generator.Pool;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// Turns config.yaml into a validated <see cref="EmitterConfig"/>. Every refusal is a
/// <see cref="ConfigException"/> naming the file, key and line; nothing starts before this passes.
/// </summary>
public sealed class ConfigLoader(Func<string, string?> environment, Func<string, string?> configuration, IReadOnlyCollection<SinkType> sinkTypes)
{
    private static readonly string[] RootKeys =
    [
        "seed", "buffer_size", "flush_interval_ms", "run_duration_secs", "shutdown_grace_secs",
        "message_pool_size", "embedding", "sinks", "services", "bench", "voices", "traces", "incidents", "shard",
    ];

    /// <summary>Notes for the log.</summary>
    public List<string> Notices { get; } = [];

    public EmitterConfig Load(string path, ConfigOverrides overrides)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
            throw new ConfigException($"{path}: config file not found (pass one with -c/--config)");

        var root = ParseYaml(File.ReadAllText(path), file);

        root.OnlyKeys(RootKeys);

        var duration = overrides.DurationSecs is { } fromCommandLine
            ? Seconds(fromCommandLine, "--duration-secs", problem => new ConfigException($"--duration-secs: {problem}"))
            : Seconds(root.Double("run_duration_secs") ?? 0, "run_duration_secs", problem => root.Error("run_duration_secs", problem));
        var grace = Seconds(root.Double("shutdown_grace_secs") ?? 30, "shutdown_grace_secs", problem => root.Error("shutdown_grace_secs", problem));

        var shard = overrides.Shard ?? ReadShard(root);
        var services = ServiceSection.Read(root, duration);
        var incidents = IncidentSection.Read(root, services, duration);
        var bench = BenchSection.Read(root, path, overrides);
        if (bench is not null && (incidents.Count > 0 || services.Any(s => s.Shape is not null)))
            throw root.Error(incidents.Count > 0 ? "incidents" : "services", "shapes and incidents vary the rate on the run's clock, a bench's phases on theirs: use one or the other");

        var seed = overrides.Seed ?? root.ULong("seed");
        if (shard.IsSharded && seed is null)
            throw new ConfigException($"{file}: shard {shard}: a sharded run needs a seed (seed: in the file or --seed) so every shard builds the same pool and its own part of one schedule");

        var config = new EmitterConfig
        {
            SourceFile = path,
            Seed = seed,
            BufferSize = Positive(root, "buffer_size", 1000, MaxBufferSize, "a batch's entries are held in memory, in every sink's queue"),
            FlushIntervalMs = Positive(root, "flush_interval_ms", 1000, MaxFlushIntervalMs, "one hour"),
            RunDurationSecs = duration,
            ShutdownGraceSecs = grace,
            MessagePoolSize = 0,
            Embedding = EmbeddingSection.Read(root.Map("embedding"), file),
            Sinks = new SinkSection(file, configuration, sinkTypes).Read(root),
            // Each shard takes its share of every rate, so the incidents' rates scale with it.
            Services = shard.IsSharded ? [.. services.Select(s => s with { RatePerSec = s.RatePerSec / shard.Count })] : services,
            Traces = TracesSection.Read(root, services),
            Bench = bench,
            Incidents = incidents,
            Shard = shard,
            StartAt = overrides.StartAt,
        };
        return config with { MessagePoolSize = PoolSize(root, config.PoolLayout) };
    }

    private const int LogLevelCount = 4;

    private static Shard ReadShard(YamlMap root)
    {
        if (root.String("shard") is not { } text) return Shard.None;
        return Shard.TryParse(text, out var problem) ?? throw root.Error("shard", problem!);
    }

    /// <summary>
    /// The longest run or grace period: the run's timers (Task.Delay, CancelAfter) take at most
    /// 2^32-2 ms (about 49.7 days), and the run waits for its duration plus the grace at once.
    /// </summary>
    public const double MaxSeconds = 24 * 24 * 3600;

    private static double Seconds(double value, string name, Func<string, ConfigException> refuse) => value switch
    {
        double.NaN or double.PositiveInfinity or double.NegativeInfinity => throw refuse($"expected a number of seconds, got {value.ToString(CultureInfo.InvariantCulture)}"),
        < 0 => throw refuse($"must be 0 or more, got {value.ToString(CultureInfo.InvariantCulture)}"),
        > MaxSeconds => throw refuse($"must be at most {MaxSeconds:0} (24 days; {name} and the grace together must fit the longest timer, about 49 days), got {value.ToString(CultureInfo.InvariantCulture)}"),
        _ => value,
    };

    private YamlMap ParseYaml(string text, string file)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split(" at line", 2)[0].TrimEnd('.');
            throw new ConfigException($"{file}:{e.Start.Line}: not valid YAML: {reason}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet gives up on some broken input without a YamlException (found by
            // ConfigFuzzTests): an unclosed flow list nested deep (InvalidOperationException from
            // its scanner), a line holding a lone ':' (ArgumentException, "unsupported event").
            var at = parser.Current is { } last ? $"{file}:{last.End.Line}" : file;
            throw new ConfigException($"{at}: not valid YAML: the parser gave up here (an unclosed [ or {{?)");
        }

        if (stream.Documents.Count == 0)
            throw new ConfigException($"{file}: the file is empty; it needs at least a 'services' list");
        var root = stream.Documents[0].RootNode;
        VariableExpander.ExpandValues(root, text, file, environment);
        return YamlMap.From(root, "", file);
    }

    /// <summary>Every message is held in memory with its vector, hence a practical ceiling far below the vocabulary's.</summary>
    public const int MaxPoolSize = 50_000_000;

    private static int PoolSize(YamlMap root, PoolLayout layout)
    {
        var size = root.ULong("message_pool_size") ?? 1000;
        if (size < LogLevelCount)
            throw root.Error("message_pool_size", $"must be at least {LogLevelCount} (one message per level), got {size}");
        if (size < (ulong)layout.MinSize)
            throw root.Error("message_pool_size", $"must be at least {layout.MinSize} with voices (one message per level in each of {string.Join(", ", layout.Groups)}), got {size}");
        if (size > (ulong)layout.Capacity)
            throw root.Error("message_pool_size", $"the vocabulary can make at most {layout.Capacity:N0} unique messages, got {size:N0}");
        if (size > MaxPoolSize)
            throw root.Error("message_pool_size", $"at most {MaxPoolSize:N0} messages can be held in memory and embedded, got {size:N0}");
        return (int)size;
    }

    internal static int Positive(YamlMap map, string key, int fallback)
    {
        var value = map.Int(key) ?? fallback;
        return value > 0 ? value : throw map.Error(key, $"must be greater than 0, got {value}");
    }

    /// <summary>Entries in one batch: every sink's queue holds queue_capacity of them.</summary>
    public const int MaxBufferSize = 1_000_000;

    public const int MaxFlushIntervalMs = 3_600_000;

    /// <summary>Greater than 0 and at most <paramref name="max"/> (<paramref name="why"/> says what the maximum protects).</summary>
    internal static int Positive(YamlMap map, string key, int fallback, int max, string why) =>
        AtMost(map, key, Positive(map, key, fallback), max, why);

    /// <summary>Every number has a maximum that memory and timers allow, checked with the rest before anything connects.</summary>
    internal static T AtMost<T>(YamlMap map, string key, T value, T max, string why) where T : System.Numerics.INumber<T> =>
        value <= max ? value : throw map.Error(key, string.Create(CultureInfo.InvariantCulture, $"must be at most {max:#,0.###} ({why}), got {value:#,0.###}"));
}
