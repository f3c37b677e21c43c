using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// The <c>sinks</c> list, plus the sinks an app host announces through configuration
/// (connection strings, the dashboard's address) that the file does not list.
/// </summary>
internal sealed class SinkSection(string file, Func<string, string?> configuration, IReadOnlySet<string> available, List<string> notices)
{
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

        foreach (var (type, key, setting) in SinkTypes.Injected)
        {
            if (configuration(key) is not { Length: > 0 } value || sinks.Any(s => s.Type == type)) continue;
            if (!available.Contains(type))
            {
                notices.Add($"{key} is set, but the {type} sink is not available in this build; it is left out");
                continue;
            }

            var settings = SinkTypes.InjectedSettings.Where(s => s.Type == type && configuration(s.ConfigurationKey) is { Length: > 0 })
                .Select(s => new KeyValuePair<string, string?>(s.SettingKey, configuration(s.ConfigurationKey)));
            sinks.Add(Create(type, null, SinkConfig.DefaultOnFull(type), SinkConfig.DefaultQueueCapacity,
                SinkSettings.Of(key, type, [new(setting, value), .. settings], SinkOrigin.AppHost)));
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
            throw ConfigException.At(file, map.Line, map.Key("type"), $"every sink needs a type (one of: {string.Join(", ", SinkTypes.All)})");
        if (!SinkTypes.All.Contains(type))
            throw map.Error("type", $"unknown sink type '{type}' (expected one of: {string.Join(", ", SinkTypes.All)})");
        if (!available.Contains(type))
            throw map.Error("type", $"the {type} sink is not available in this build yet");

        var onFull = map.String("on_full")?.Trim().ToLowerInvariant() switch
        {
            null or "" => SinkConfig.DefaultOnFull(type),
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
                _ => throw ConfigException.At(file, line, map.Key(key), "expected a single value"),
            };
        }

        return Create(type, map.String("name"), onFull, capacity, new SinkSettings(file, map.Path, own));
    }

    private static SinkConfig Create(string type, string? name, OnFullPolicy onFull, int capacity, SinkSettings settings) =>
        new(type, string.IsNullOrWhiteSpace(name) ? type : name.Trim(), onFull, capacity, settings);
}
