using Emitter.Generator.Bench.Queries;
using Emitter.Generator.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Bench.Config;

/// <summary>
/// Reads the <c>bench</c> section; every refusal names the file, line and key like the rest of
/// the config. A bench run lasts its phases, so a run duration beside it is refused rather than
/// silently overridden one way or the other.
/// </summary>
internal static class BenchSection
{
    public const int DefaultTopK = 10;
    private const int MaxTopK = 1000;
    private const int MaxExactEvery = 1_000_000;

    public static BenchConfig? Read(YamlMap root, string configPath, ConfigOverrides overrides)
    {
        if (root.Map("bench") is not { } bench) return null;
        bench.OnlyKeys("preseed_entries", "build_indexes_after_preseed", "phases", "queries", "freshness", "relevance");

        if (root.Double("run_duration_secs") is > 0)
            throw root.Error("run_duration_secs", "a bench run lasts as long as its phases (bench.phases[].duration_secs): leave run_duration_secs out");
        if (overrides.DurationSecs is > 0)
            throw new ConfigException($"--duration-secs: a bench run lasts as long as its phases (bench.phases[].duration_secs in {bench.File}); leave it out");

        var preseed = bench.Int("preseed_entries") ?? 0;
        if (preseed < 0) throw bench.Error("preseed_entries", $"must be 0 or more, got {preseed}");

        return new BenchConfig
        {
            PreseedEntries = preseed,
            BuildIndexesAfterPreseed = bench.Bool("build_indexes_after_preseed") ?? false,
            Phases = Phases(bench),
            Queries = Queries(bench, configPath),
            Freshness = Freshness(bench.Map("freshness")),
            Relevance = Relevance(bench.Map("relevance")),
        };
    }

    private static IReadOnlyList<BenchPhase> Phases(YamlMap bench)
    {
        var items = bench.Sequence("phases");
        if (items is null || items.Count == 0)
            throw ConfigException.At(bench.File, bench.LineOf("phases"), bench.Key("phases"), "a bench needs at least one phase {name, duration_secs, write_rate}");

        var phases = new List<BenchPhase>();
        for (var i = 0; i < items.Count; i++)
        {
            var map = YamlMap.From(items[i], $"{bench.Key("phases")}[{i}]", bench.File);
            map.OnlyKeys("name", "duration_secs", "write_rate");
            var name = map.String("name")?.Trim();
            if (string.IsNullOrEmpty(name))
                throw ConfigException.At(map.File, map.Line, map.Key("name"), "every phase needs a name");
            if (phases.Any(p => p.Name == name))
                throw map.Error("name", $"duplicate phase name '{name}'");
            var duration = map.Double("duration_secs")
                ?? throw ConfigException.At(map.File, map.Line, map.Key("duration_secs"), "missing: how long this phase lasts, in seconds");
            if (duration <= 0) throw map.Error("duration_secs", $"must be greater than 0, got {duration}");
            var rate = map.Double("write_rate") ?? 1;
            if (rate < 0) throw map.Error("write_rate", $"a multiplier of the services' rates, 0 (no writes) or more, got {rate}");
            phases.Add(new BenchPhase(name, duration, rate));
        }
        return phases;
    }

    private static QueryWorkload Queries(YamlMap bench, string configPath)
    {
        var map = bench.Map("queries");
        map?.OnlyKeys("file", "list", "modes", "top_k", "rate_per_sec", "burst", "warmup", "max_outstanding");
        var texts = map is null ? DefaultQueries.All : Texts(map, configPath);

        var modes = new List<SearchMode>();
        if (map?.Sequence("modes") is { } modeNodes)
        {
            foreach (var node in modeNodes)
            {
                var text = (node as YamlScalarNode)?.Value ?? "";
                if (!SearchModes.TryParse(text, out var mode))
                    throw ConfigException.At(map.File, (int)node.Start.Line, map.Key("modes"), $"unknown mode '{text}' (expected vector, keyword or hybrid)");
                if (!modes.Contains(mode)) modes.Add(mode);
            }
            if (modes.Count == 0) throw map.Error("modes", "list at least one of vector, keyword, hybrid");
        }
        else
        {
            modes.AddRange(SearchModes.All);
        }

        var topK = map?.Int("top_k") ?? DefaultTopK;
        if (topK is < 1 or > MaxTopK) throw map!.Error("top_k", $"must be 1 to {MaxTopK}, got {topK}");
        var rate = map?.Double("rate_per_sec") ?? 10;
        if (rate <= 0) throw map!.Error("rate_per_sec", $"must be greater than 0, got {rate}");
        var warmup = map?.Int("warmup") ?? 10;
        if (warmup < 0) throw map!.Error("warmup", $"must be 0 or more, got {warmup}");
        var outstanding = map?.Int("max_outstanding") ?? 1000;
        if (outstanding < 1) throw map!.Error("max_outstanding", $"must be at least 1, got {outstanding}");

        return new QueryWorkload(texts, modes, topK, rate, Burst(map?.Map("burst")), warmup, outstanding);
    }

    private static IReadOnlyList<string> Texts(YamlMap map, string configPath)
    {
        var file = map.String("file");
        var list = map.Sequence("list");
        if (file is not null && list is not null)
            throw map.Error("list", "give either file or list, not both");
        if (list is not null)
        {
            var texts = list.Select(node => node is YamlScalarNode { Value: { } v } ? v.Trim() : "").ToList();
            var empty = texts.FindIndex(t => t.Length == 0);
            if (empty >= 0) throw ConfigException.At(map.File, (int)list[empty].Start.Line, map.Key("list"), "every query must be a non-empty text");
            return texts.Count > 0 ? texts : throw map.Error("list", "list at least one query");
        }
        if (file is null) return DefaultQueries.All;

        var path = Path.IsPathRooted(file) ? file : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? "", file);
        if (!File.Exists(path)) throw map.Error("file", $"query file {path} not found");
        var fromFile = QueryFile.Read(path, problem => map.Error("file", problem));
        return fromFile.Count > 0 ? fromFile : throw map.Error("file", $"{path} holds no queries");
    }

    private static BurstConfig? Burst(YamlMap? map)
    {
        if (map is null) return null;
        map.OnlyKeys("size", "concurrency");
        var size = map.Int("size") ?? 100;
        if (size < 1) throw map.Error("size", $"must be at least 1, got {size}");
        var concurrency = map.Int("concurrency") ?? 10;
        if (concurrency < 1) throw map.Error("concurrency", $"must be at least 1, got {concurrency}");
        return new BurstConfig(size, concurrency);
    }

    private static FreshnessConfig Freshness(YamlMap? map)
    {
        map?.OnlyKeys("interval_ms", "max_wait_secs", "probe_interval_ms");
        var interval = map?.Int("interval_ms") ?? 1000;
        if (interval < 0) throw map!.Error("interval_ms", $"must be 0 (no markers) or more, got {interval}");
        var wait = map?.Double("max_wait_secs") ?? 30;
        if (wait <= 0) throw map!.Error("max_wait_secs", $"must be greater than 0, got {wait}");
        var probe = map?.Int("probe_interval_ms") ?? 50;
        if (probe < 1) throw map!.Error("probe_interval_ms", $"must be at least 1, got {probe}");
        return new FreshnessConfig(interval, wait, probe);
    }

    private static RelevanceConfig Relevance(YamlMap? map)
    {
        map?.OnlyKeys("needles", "copies", "interval_ms", "exact_every");
        var needles = map?.Int("needles") ?? 3;
        if (needles < 0) throw map!.Error("needles", $"must be 0 (no relevance measurement) or more, got {needles}");
        var copies = map?.Int("copies") ?? 5;
        if (copies < 1) throw map!.Error("copies", $"must be at least 1, got {copies}");
        var interval = map?.Int("interval_ms") ?? 1000;
        if (interval < 1) throw map!.Error("interval_ms", $"must be at least 1, got {interval}");
        var exactEvery = map?.Int("exact_every") ?? 10;
        if (exactEvery is < 0 or > MaxExactEvery) throw map!.Error("exact_every", $"must be 0 (no exact recall) to {MaxExactEvery:N0}, got {exactEvery}");
        return new RelevanceConfig(needles, copies, interval) { ExactEvery = exactEvery };
    }
}
