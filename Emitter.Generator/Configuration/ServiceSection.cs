using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Configuration;

/// <summary>The <c>services</c> list: names, rates, level weights, arrival processes and kinds (voices).</summary>
internal static class ServiceSection
{
    private static readonly double[] DefaultWeights = [0.1, 0.7, 0.15, 0.05];

    /// <summary>One entry every 10,000 s: a Poisson gap (up to ~37 mean gaps) still fits one timer (~49 days).</summary>
    public const double MinRate = 0.0001;

    /// <summary>Far beyond what one machine emits; keeps every sum and rate in the summary finite.</summary>
    public const double MaxRate = 1e9;

    public static IReadOnlyList<ServiceConfig> Read(YamlMap root, double runSecs = 0)
    {
        var items = root.Sequence("services");
        if (items is null || items.Count == 0)
            throw root.Error("services", "no services: list at least one {name, rate_per_sec}");

        var services = new List<ServiceConfig>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var map = YamlMap.From(items[i], $"services[{i}]", root.File);
            map.OnlyKeys("name", "rate_per_sec", "level_weights", "arrival", "kind", "shape");

            var name = map.String("name")?.Trim();
            if (string.IsNullOrEmpty(name))
                throw ConfigException.At(root.File, map.Line, map.Key("name"), "every service needs a name");
            if (!seen.TryAdd(name, map.LineOf("name")))
                throw map.Error("name", $"duplicate service name {map.Shown("name")} (first at line {seen[name]})");

            var rate = map.Double("rate_per_sec")
                ?? throw ConfigException.At(root.File, map.Line, map.Key("rate_per_sec"), "missing: entries per second for this service");
            if (rate <= 0)
                throw map.Error("rate_per_sec", $"must be greater than 0, got {rate}");
            if (rate is < MinRate or > MaxRate)
                throw map.Error("rate_per_sec", rate < MinRate
                    ? $"must be at least {MinRate} (one entry every 10,000 s), got {rate}"
                    : $"must be at most {MaxRate:0,0} entries per second, got {rate}");

            var arrival = map.String("arrival")?.Trim().ToLowerInvariant() switch
            {
                null or "" or "poisson" => ArrivalProcess.Poisson,
                "uniform" => ArrivalProcess.Uniform,
                _ => throw map.Error("arrival", $"unknown arrival {map.Shown("arrival")} (expected poisson or uniform)"),
            };

            services.Add(new ServiceConfig(name, rate, ReadWeights(map), arrival, ReadKind(map)) { Shape = ShapeSection.Read(map.Map("shape"), runSecs) });
        }

        return Voices(root, items, services);
    }

    private static string? ReadKind(YamlMap service)
    {
        var kind = service.String("kind")?.Trim().ToLowerInvariant();
        if (kind is null) return null;
        return ServiceDomains.IsKind(kind) ? kind
            : throw service.Error("kind", $"unknown kind {service.Shown("kind")} (expected one of {string.Join(", ", ServiceDomains.Kinds)})");
    }

    /// <summary>
    /// Voices are on with <c>voices: true</c>, a declared kind or a <c>traces</c> section (whose
    /// upstream lines are a voice group); then every service without a kind gets the one its name
    /// implies. Off, every kind is null and the pool is the one main always built.
    /// </summary>
    private static List<ServiceConfig> Voices(YamlMap root, IReadOnlyList<YamlDotNet.RepresentationModel.YamlNode> items, List<ServiceConfig> services)
    {
        var declared = services.FindIndex(s => s.Kind is not null);
        var voices = root.Bool("voices");
        if (voices == false && declared >= 0)
            throw ConfigException.At(root.File, YamlMap.From(items[declared], $"services[{declared}]", root.File).LineOf("kind"), $"services[{declared}].kind",
                "a kind needs voices: remove 'voices: false' or the kind");
        if (voices == false && root.Node("traces") is not null)
            throw root.Error("voices", "a traces section needs voices (its upstream lines are a voice group): remove 'voices: false' or the traces section");
        if (voices != true && declared < 0 && root.Node("traces") is null) return services;
        return [.. services.Select(s => s with { Kind = s.Kind ?? ServiceDomains.Infer(s.Name) })];
    }

    /// <summary>A map's <c>level_weights</c> (services and incidents).</summary>
    internal static double[] ReadWeights(YamlMap service)
    {
        if (service.Map("level_weights") is not { } map) return (double[])DefaultWeights.Clone();

        var weights = new double[LogLevels.Count];
        foreach (var (key, _, line) in map.Entries)
        {
            if (!LogLevels.TryParse(key, out var level))
                throw ConfigException.At(map.File, line, map.Key(key), "unknown level (expected debug, info, warn, error)");
            var weight = map.Double(key) ?? 0;
            if (weight < 0)
                throw map.Error(key, $"a weight cannot be negative, got {weight}");
            weights[(int)level] = weight;
        }

        if (!double.IsFinite(weights.Sum()))
            throw ConfigException.At(map.File, map.Line, map.Path, "the level weights are too large to add up: use smaller numbers (only their ratios matter)");
        if (weights.Sum() <= 0)
            throw ConfigException.At(map.File, map.Line, map.Path, "all level weights are zero: give at least one level a positive weight");
        return weights;
    }
}
