using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// The <c>sinks</c> list, plus the sinks an app host announces through configuration
/// (connection strings, the dashboard's address) that the file does not list.
/// </summary>
internal sealed class SinkSection(string file, Func<string, string?> configuration, IReadOnlyCollection<SinkType> types)
{
    private readonly Dictionary<string, SinkType> _types = types.ToDictionary(t => t.Name);

    public IReadOnlyList<SinkConfig> Read(YamlMap root)
    {
        var sinks = new List<SinkConfig>();
        var items = root.Sequence("sinks");
        if (items is null)
        {
            sinks.Add(Create(SinkTypes.Stdout, null, OnFullPolicy.Block, SinkConfig.DefaultQueueCapacity, SinkSettings.Of(file, "sinks[0]", [])));
        }
        else
        {
            for (var i = 0; i < items.Count; i++) sinks.Add(ReadOne(YamlMap.From(items[i], $"sinks[{i}]", file)));
        }

        foreach (var type in types)
        {
            if (type.Injected is not var (key, setting, more) || configuration(key) is not { Length: > 0 } value || sinks.Any(s => s.Type == type.Name)) continue;
            var extras = (more ?? []).Where(e => configuration(e.ConfigurationKey) is { Length: > 0 })
                .Select(e => new KeyValuePair<string, string?>(e.SettingKey, configuration(e.ConfigurationKey)));
            sinks.Add(Create(type.Name, null, type.DefaultOnFull, SinkConfig.DefaultQueueCapacity,
                SinkSettings.Of(key, type.Name, [new(setting, value), .. extras], SinkOrigin.AppHost)));
        }

        if (sinks.Count == 0)
            throw root.Error("sinks", "no sinks: list at least one (for example {type: stdout})");

        var duplicate = sinks.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw root.Error("sinks", $"two sinks are named '{duplicate.Key}': give one a different 'name'");
        return sinks;
    }

    private SinkConfig ReadOne(YamlMap map)
    {
        var type = map.String("type")?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(type))
            throw ConfigException.At(file, map.Line, map.Key("type"), $"every sink needs a type (one of: {Names})");
        if (!_types.TryGetValue(type, out var known))
            throw map.Error("type", $"unknown sink type '{type}' (expected one of: {Names})");

        var onFull = map.String("on_full")?.Trim().ToLowerInvariant() switch
        {
            null or "" => known.DefaultOnFull,
            "block" => OnFullPolicy.Block,
            "drop" => OnFullPolicy.Drop,
            var other => throw map.Error("on_full", $"unknown value '{other}' (expected block or drop)"),
        };
        var capacity = ConfigLoader.Positive(map, "queue_capacity", SinkConfig.DefaultQueueCapacity, SinkConfig.MaxQueueCapacity, "batches held in memory for this sink");

        var own = new Dictionary<string, SinkValue>();
        foreach (var (key, value, line) in map.Entries.Where(e => !SinkConfig.CommonKeys.Contains(e.Key)))
        {
            own[key] = value switch
            {
                YamlScalarNode s => new SinkValue(map.String(key), line, VariableExpander.Source(s)),
                // A list of plain values (signals: [logs, traces]) reads as one comma-separated value.
                YamlSequenceNode list when list.All(n => n is YamlScalarNode) =>
                    new SinkValue(string.Join(",", list.Cast<YamlScalarNode>().Select(n => n.Value)), line,
                        list.Cast<YamlScalarNode>().Select(VariableExpander.Source).FirstOrDefault(v => v is not null)),
                _ => throw ConfigException.At(file, line, map.Key(key), "expected a single value or a list of values"),
            };
        }

        return Create(type, map.String("name"), onFull, capacity, new SinkSettings(file, map.Path, own));
    }

    private string Names => string.Join(", ", types.Select(t => t.Name));

    private static SinkConfig Create(string type, string? name, OnFullPolicy onFull, int capacity, SinkSettings settings) =>
        new(type, string.IsNullOrWhiteSpace(name) ? type : name.Trim(), onFull, capacity, settings);
}
