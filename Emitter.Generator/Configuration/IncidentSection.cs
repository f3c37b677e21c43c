using Emitter.Generator.Model;

namespace Emitter.Generator.Configuration;

/// <summary>The <c>incidents</c> list: what goes wrong, when, where, and how the logs show it.</summary>
internal static class IncidentSection
{
    private const double DefaultFamilyShare = 0.5;
    private const double DefaultSideSecs = 10;
    private const double DefaultSideShare = 0.2;

    public static IReadOnlyList<IncidentConfig> Read(YamlMap root, IReadOnlyList<ServiceConfig> services, double runSecs)
    {
        var items = root.Sequence("incidents");
        if (items is null) return [];

        var incidents = new List<IncidentConfig>();
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var map = YamlMap.From(items[i], $"incidents[{i}]", root.File);
            map.OnlyKeys("name", "kind", "start_secs", "duration_secs", "services", "rate_multiplier", "level_weights",
                "family_share", "precursor_secs", "recovery_secs", "side_share");

            var kindName = map.String("kind")?.Trim().ToLowerInvariant()
                ?? throw ConfigException.At(root.File, map.Line, map.Key("kind"), $"missing: one of {string.Join(", ", IncidentKinds.ByName.Keys)}");
            if (!IncidentKinds.ByName.TryGetValue(kindName, out var kind))
                throw map.Error("kind", $"unknown incident kind {map.Shown("kind")} (expected one of {string.Join(", ", IncidentKinds.ByName.Keys)})");

            var start = Seconds(map, "start_secs", required: true, 0);
            var duration = Seconds(map, "duration_secs", required: true, 0);
            if (duration <= 0) throw map.Error("duration_secs", "must be greater than 0");
            if (runSecs > 0 && start >= runSecs)
                throw map.Error("start_secs", $"starts at {start} s, after the run's {runSecs} s are over");

            var affected = new List<string>();
            if (map.Sequence("services") is { } list)
            {
                foreach (var node in list)
                {
                    var name = (node as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value?.Trim();
                    if (name is null || !names.Contains(name))
                        throw ConfigException.At(root.File, (int)node.Start.Line, map.Key("services"), $"'{name}' is not a service of this config (services: {string.Join(", ", names)})");
                    affected.Add(name);
                }
            }
            else affected.AddRange(names);

            var multiplier = map.Double("rate_multiplier") ?? kind.DefaultRateMultiplier();
            if (multiplier is < 0 or > 1e6) throw map.Error("rate_multiplier", $"a rate multiplier from 0 to 1,000,000, got {multiplier}");

            incidents.Add(new IncidentConfig(
                map.String("name")?.Trim() is { Length: > 0 } given ? given : $"{kindName}-{i + 1}",
                kind, start, duration, affected, multiplier,
                map.Map("level_weights") is null ? kind.DefaultLevelWeights() : ServiceSection.ReadWeights(map),
                Share(map, "family_share", DefaultFamilyShare),
                Seconds(map, "precursor_secs", required: false, Math.Min(DefaultSideSecs, start)),
                Seconds(map, "recovery_secs", required: false, DefaultSideSecs),
                Share(map, "side_share", DefaultSideShare)));
        }
        return incidents;
    }

    private static double Seconds(YamlMap map, string key, bool required, double fallback)
    {
        var value = map.Double(key) ?? (required
            ? throw ConfigException.At(map.File, map.Line, map.Key(key), "missing: seconds since the run's start")
            : fallback);
        return value is >= 0 and <= ConfigLoader.MaxSeconds ? value : throw map.Error(key, $"must be from 0 to {ConfigLoader.MaxSeconds:0} seconds, got {value}");
    }

    private static double Share(YamlMap map, string key, double fallback)
    {
        var value = map.Double(key) ?? fallback;
        return value is >= 0 and <= 1 ? value : throw map.Error(key, $"a share from 0 to 1, got {value}");
    }
}
