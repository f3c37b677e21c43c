using Emitter.Generator.Pool;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// Turns config.yaml into a validated <see cref="EmitterConfig"/>. Every refusal is a
/// <see cref="ConfigException"/> naming the file, key and line; nothing starts before this passes.
/// </summary>
public sealed class ConfigLoader(Func<string, string?> environment, Func<string, string?> configuration, IReadOnlySet<string> availableSinkTypes)
{
    private static readonly string[] RootKeys =
    [
        "seed", "buffer_size", "flush_interval_ms", "run_duration_secs", "shutdown_grace_secs",
        "message_pool_size", "embedding", "sinks", "services", "bench",
    ];

    /// <summary>Notes for the log: injected sinks this build cannot run yet, and similar.</summary>
    public List<string> Notices { get; } = [];

    public EmitterConfig Load(string path, ConfigOverrides overrides)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
            throw new ConfigException($"{path}: config file not found (pass one with -c/--config)");

        var text = VariableExpander.Expand(File.ReadAllText(path), file, environment);
        var root = ParseYaml(text, file);

        root.OnlyKeys(RootKeys);
        var poolSize = PoolSize(root);

        var duration = overrides.DurationSecs ?? root.Double("run_duration_secs") ?? 0;
        if (duration < 0)
            throw root.Error("run_duration_secs", $"must be 0 (run until stopped) or more, got {duration}");

        var grace = root.Double("shutdown_grace_secs") ?? 30;
        if (grace < 0)
            throw root.Error("shutdown_grace_secs", $"must be 0 or more, got {grace}");

        return new EmitterConfig
        {
            SourceFile = path,
            Seed = overrides.Seed ?? root.ULong("seed"),
            BufferSize = Positive(root, "buffer_size", 1000),
            FlushIntervalMs = Positive(root, "flush_interval_ms", 1000),
            RunDurationSecs = duration,
            ShutdownGraceSecs = grace,
            MessagePoolSize = poolSize,
            Embedding = EmbeddingSection.Read(root.Map("embedding"), file),
            Sinks = new SinkSection(file, configuration, availableSinkTypes, Notices).Read(root),
            Services = ServiceSection.Read(root),
            Bench = Bench.Config.BenchSection.Read(root, path, overrides),
        };
    }

    private const int LogLevelCount = 4;

    private static YamlMap ParseYaml(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split(" at line", 2)[0].TrimEnd('.');
            throw new ConfigException($"{file}:{e.Start.Line}: not valid YAML: {reason}");
        }

        if (stream.Documents.Count == 0)
            throw new ConfigException($"{file}: the file is empty; it needs at least a 'services' list");
        return YamlMap.From(stream.Documents[0].RootNode, "", file);
    }

    /// <summary>Every message is held in memory with its vector, hence a practical ceiling far below the vocabulary's.</summary>
    public const int MaxPoolSize = 50_000_000;

    private static int PoolSize(YamlMap root)
    {
        var size = root.ULong("message_pool_size") ?? 1000;
        if (size < LogLevelCount)
            throw root.Error("message_pool_size", $"must be at least {LogLevelCount} (one message per level), got {size}");
        if (size > (ulong)MessagePoolBuilder.Capacity)
            throw root.Error("message_pool_size", $"the vocabulary can make at most {MessagePoolBuilder.Capacity:N0} unique messages, got {size:N0}");
        if (size > MaxPoolSize)
            throw root.Error("message_pool_size", $"at most {MaxPoolSize:N0} messages can be held in memory and embedded, got {size:N0}");
        return (int)size;
    }

    internal static int Positive(YamlMap map, string key, int fallback)
    {
        var value = map.Int(key) ?? fallback;
        return value > 0 ? value : throw map.Error(key, $"must be greater than 0, got {value}");
    }
}
