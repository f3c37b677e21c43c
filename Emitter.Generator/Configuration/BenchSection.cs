using Emitter.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// Reads the <c>bench</c> section; every refusal names the file, line and key like the rest of
/// the config. A bench run lasts its phases, so a run duration beside it is refused rather than
/// silently overridden one way or the other.
/// </summary>
internal static class BenchSection
{
    public const int DefaultTopK = 10;
    private const int MaxTopK = 1000;
    private const int MaxPreseed = 1_000_000_000;
    private const double MaxWriteRate = 1000;
    private const double MaxQueryRate = 100_000;
    private const int MaxCount = 10_000_000;
    private const int MaxConcurrency = 10_000;
    private const int MaxIntervalMs = 3_600_000;
    private const double MaxWaitSecs = 3600;
    private const int MaxProbeIntervalMs = 60_000;
    private const int MaxNeedles = 10_000;
    private const int MaxTimeoutMs = 600_000;
    private const double MaxProbeRate = 10_000;
    private const double MaxSettleSecs = 86_400;
    private const int MaxEf = 1000;
    private const int MaxExactEvery = 1_000_000;

    public static BenchConfig? Read(YamlMap root, string configPath, ConfigOverrides overrides)
    {
        if (root.Map("bench") is not { } bench) return null;
        bench.OnlyKeys("preseed_entries", "build_indexes_after_preseed", "phases", "queries", "freshness", "relevance", "settle", "capacity");

        if (root.Double("run_duration_secs") is > 0)
            throw root.Error("run_duration_secs", "a bench run lasts as long as its phases (bench.phases[].duration_secs): leave run_duration_secs out");
        if (overrides.DurationSecs is > 0)
            throw new ConfigException($"--duration-secs: a bench run lasts as long as its phases (bench.phases[].duration_secs in {bench.File}); leave it out");

        var preseed = bench.Int("preseed_entries") ?? 0;
        if (preseed < 0) throw bench.Error("preseed_entries", $"must be 0 or more, got {preseed}");
        ConfigLoader.AtMost(bench, "preseed_entries", preseed, MaxPreseed, "entries written before the phases");

        var capacityMap = bench.Map("capacity");
        var phases = Phases(bench, searched: capacityMap is not null);
        var queries = Queries(bench, configPath);
        var config = new BenchConfig
        {
            PreseedEntries = preseed,
            BuildIndexesAfterPreseed = bench.Bool("build_indexes_after_preseed") ?? false,
            Phases = phases,
            Queries = queries,
            Freshness = Freshness(bench.Map("freshness")),
            Relevance = Relevance(bench.Map("relevance")),
            Settle = Settle(bench.Map("settle")),
        };
        MarkersInFlight(bench, config);
        Planted(bench, config.Relevance);
        if (capacityMap is null) return config;
        config = config with
        {
            Capacity = Capacity(capacityMap, bench.Map("queries"), queries),
            CapacitySource = (capacityMap.File, capacityMap.Line, capacityMap.Path),
        };
        // Sized for one store here, so the run's limit is checked before anything connects; the program sizes it again for its stores.
        return config.ForStores(1);
    }

    /// <summary>Markers held at once (each with its probes): at most this many.</summary>
    public const int MaxMarkersInFlight = 100_000;

    /// <summary>Needle entries planted (their ids are kept to score relevance): at most this many.</summary>
    public const int MaxPlanted = 1_000_000;

    /// <summary>
    /// A marker is probed for up to max_wait_secs plus the queries' timeout; one is written every
    /// interval_ms; so that many over the interval are held at once, whatever the run's length.
    /// </summary>
    private static void MarkersInFlight(YamlMap bench, BenchConfig config)
    {
        var freshness = config.Freshness;
        if (freshness.IntervalMs == 0) return;
        var inFlight = Math.Ceiling((freshness.MaxWaitSecs * 1000 + config.Queries.TimeoutMs) / freshness.IntervalMs);
        if (inFlight <= MaxMarkersInFlight) return;
        var map = bench.Map("freshness") ?? bench;
        throw map.Error("interval_ms", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"a marker every {freshness.IntervalMs} ms, each probed for up to max_wait_secs ({freshness.MaxWaitSecs:0.###} s) plus queries.timeout_ms ({config.Queries.TimeoutMs} ms), holds up to {inFlight:#,0} markers at once; at most {MaxMarkersInFlight:#,0}: raise interval_ms or lower max_wait_secs"));
    }

    private static void Planted(YamlMap bench, RelevanceConfig relevance)
    {
        if ((long)relevance.Needles * relevance.Copies <= MaxPlanted) return;
        throw (bench.Map("relevance") ?? bench).Error("copies", string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{relevance.Needles:#,0} needles x {relevance.Copies:#,0} copies plants {(long)relevance.Needles * relevance.Copies:#,0} entries whose ids are kept; at most {MaxPlanted:#,0}"));
    }

    private const double MaxStepSecs = 3600;
    private const int MaxSteps = 100;

    /// <summary>A step's p99 is read from its queries: fewer than this many and it is a guess.</summary>
    public const int MinQueriesPerStep = 100;

    private static CapacitySettings Capacity(YamlMap map, YamlMap? queryMap, QueryWorkload queries)
    {
        map.OnlyKeys("slo_p99_ms", "max_error_rate", "start_qps", "max_qps", "step_secs", "max_steps");
        if (queries.Burst is not null)
            throw queryMap!.Error("burst", "a capacity search runs the open loop at rates it chooses: leave burst out beside bench.capacity");
        if (queryMap?.Double("rate_per_sec") is not null)
            throw queryMap.Error("rate_per_sec", "a capacity search chooses each step's rate (bench.capacity.start_qps to max_qps): leave rate_per_sec out");

        var slo = map.Double("slo_p99_ms")
            ?? throw ConfigException.At(map.File, map.Line, map.Key("slo_p99_ms"), "missing: the latency target, the p99 in ms a step must stay within to pass");
        if (slo <= 0 || slo >= queries.TimeoutMs)
            throw map.Error("slo_p99_ms", $"must be greater than 0 and less than bench.queries.timeout_ms ({queries.TimeoutMs}: a query without an answer counts at the timeout, so a target at or above it cannot fail), got {Shown(slo)}");
        var errors = map.Double("max_error_rate") ?? 0.01;
        if (errors is < 0 or >= 1) throw map.Error("max_error_rate", $"a fraction of the step's queries, 0 or more and less than 1, got {Shown(errors)}");
        var max = map.Double("max_qps") ?? 1000;
        if (max <= 0) throw map.Error("max_qps", $"must be greater than 0, got {Shown(max)}");
        ConfigLoader.AtMost(map, "max_qps", max, MaxQueryRate, "queries a second per store and mode (the query rate's maximum)");
        var start = map.Double("start_qps") ?? Math.Min(10, max);
        if (start <= 0 || start > max) throw map.Error("start_qps", $"must be greater than 0 and at most max_qps ({Shown(max)}), got {Shown(start)}");
        var step = map.Double("step_secs") ?? 10;
        if (step <= 0) throw map.Error("step_secs", $"must be greater than 0, got {Shown(step)}");
        ConfigLoader.AtMost(map, "step_secs", step, MaxStepSecs, "one hour a step");
        if (start * step < MinQueriesPerStep)
            throw map.Error(map.Double("step_secs") is null ? "start_qps" : "step_secs",
                $"start_qps x step_secs must be at least {MinQueriesPerStep} (a step's p99 needs that many queries), got {Shown(start)} x {Shown(step)} = {Shown(start * step)}");
        var steps = map.Int("max_steps") ?? 12;
        var ramp = CapacitySettings.RampSteps(start, max);
        if (steps < ramp || steps > MaxSteps)
            throw map.Error("max_steps", $"must be {ramp} (the doubling from start_qps {Shown(start)} to max_qps {Shown(max)}) to {MaxSteps}, got {steps}");
        return new CapacitySettings(slo, errors, start, max, step, steps);
    }

    private static string Shown(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="searched">bench.capacity is set: a phase lasts as long as its searches (sized afterwards), not duration_secs.</param>
    private static IReadOnlyList<BenchPhase> Phases(YamlMap bench, bool searched)
    {
        var items = bench.Sequence("phases");
        if (items is null || items.Count == 0)
            throw ConfigException.At(bench.File, bench.LineOf("phases"), bench.Key("phases"), "a bench needs at least one phase {name, duration_secs, write_rate}");

        var phases = new List<BenchPhase>();
        for (var i = 0; i < items.Count; i++)
        {
            var map = YamlMap.From(items[i], $"{bench.Key("phases")}[{i}]", bench.File);
            map.OnlyKeys("name", "duration_secs", "write_rate", "warmup_secs");
            var name = map.String("name")?.Trim();
            if (string.IsNullOrEmpty(name))
                throw ConfigException.At(map.File, map.Line, map.Key("name"), "every phase needs a name");
            if (phases.Any(p => p.Name == name))
                throw map.Error("name", $"duplicate phase name '{name}'");
            if (searched && map.Double("duration_secs") is not null)
                throw map.Error("duration_secs", "with bench.capacity a phase lasts as long as its capacity searches need (their bound: stores x modes x max_steps x (step_secs + timeout_ms)): leave duration_secs out");
            var duration = searched ? ConfigLoader.MaxSeconds : map.Double("duration_secs")
                ?? throw ConfigException.At(map.File, map.Line, map.Key("duration_secs"), "missing: how long this phase lasts, in seconds");
            if (duration <= 0) throw map.Error("duration_secs", $"must be greater than 0, got {duration}");
            ConfigLoader.AtMost(map, "duration_secs", duration, ConfigLoader.MaxSeconds, "24 days: the run's timers take about 49 days at most");
            if (!searched && phases.Sum(p => p.DurationSecs) + duration > ConfigLoader.MaxSeconds)
                throw map.Error("duration_secs", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the phases together must last at most {ConfigLoader.MaxSeconds:#,0} s (24 days: the run's timers take about 49 days at most), this one brings them to {phases.Sum(p => p.DurationSecs) + duration:#,0.###} s"));
            var rate = map.Double("write_rate") ?? 1;
            if (rate < 0) throw map.Error("write_rate", $"a multiplier of the services' rates, 0 (no writes) or more, got {rate}");
            ConfigLoader.AtMost(map, "write_rate", rate, MaxWriteRate, "a multiplier of the services' rates");
            var warmup = map.Double("warmup_secs") ?? 0;
            if (warmup < 0 || warmup >= duration) throw map.Error("warmup_secs", $"must be 0 or more and less than the phase's duration_secs ({duration}), got {warmup}");
            if (searched) duration = 0; // sized by BenchConfig.ForStores
            phases.Add(new BenchPhase(name, duration, rate) { WarmupSecs = warmup });
        }
        return phases;
    }

    private static QueryWorkload Queries(YamlMap bench, string configPath)
    {
        var map = bench.Map("queries");
        map?.OnlyKeys("file", "list", "modes", "top_k", "rate_per_sec", "burst", "warmup", "max_outstanding", "timeout_ms", "ef", "match", "fetch");
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
        if (map is not null) ConfigLoader.AtMost(map, "rate_per_sec", rate, MaxQueryRate, "queries a second per store and mode");
        var warmup = map?.Int("warmup") ?? 10;
        if (warmup < 0) throw map!.Error("warmup", $"must be 0 or more, got {warmup}");
        if (map is not null) ConfigLoader.AtMost(map, "warmup", warmup, MaxCount, "queries per store and mode");
        var outstanding = map?.Int("max_outstanding") ?? 1000;
        if (outstanding < 1) throw map!.Error("max_outstanding", $"must be at least 1, got {outstanding}");
        if (map is not null) ConfigLoader.AtMost(map, "max_outstanding", outstanding, MaxCount, "queries in flight per store and mode");

        var timeout = map?.Int("timeout_ms") ?? QueryWorkload.DefaultTimeoutMs;
        if (timeout is < 1 or > MaxTimeoutMs) throw map!.Error("timeout_ms", $"must be 1 to {MaxTimeoutMs} (10 minutes), got {timeout}");

        // Every vector search ranks at least its k: top_k, or the hybrid's window (2 x top_k).
        var widest = modes.Contains(SearchMode.Hybrid) ? SearchShape.Window(topK) : topK;
        var ef = map?.Int("ef") ?? Math.Max(SearchShape.DefaultEf, widest);
        if (ef < widest || ef > MaxEf)
            throw map!.Error("ef", $"must be {widest} (top_k{(widest == topK ? "" : " x 2, the hybrid's window")}) to {MaxEf} (pgvector's hnsw.ef_search maximum), got {ef}");
        var match = map?.String("match")?.Trim().ToLowerInvariant() switch
        {
            null or "any" => MatchMode.Any,
            "all" => MatchMode.All,
            _ => throw map!.Error("match", $"any (a document holds any of the query's words) or all, got {map.Shown("match")}"),
        };
        var fetch = map?.String("fetch")?.Trim().ToLowerInvariant() switch
        {
            null or "ids" => FetchMode.Ids,
            "payload" => FetchMode.Payload,
            _ => throw map!.Error("fetch", $"ids or payload (the entries' stored fields but the vectors), got {map.Shown("fetch")}"),
        };

        return new QueryWorkload(texts, modes, topK, rate, Burst(map?.Map("burst")), warmup, outstanding)
        {
            TimeoutMs = timeout,
            Shape = new SearchShape(ef, match, fetch),
        };
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
        ConfigLoader.AtMost(map, "size", size, MaxCount, "queries a burst");
        var concurrency = map.Int("concurrency") ?? 10;
        if (concurrency < 1) throw map.Error("concurrency", $"must be at least 1, got {concurrency}");
        ConfigLoader.AtMost(map, "concurrency", concurrency, MaxConcurrency, "queries at once");
        return new BurstConfig(size, concurrency);
    }

    private static FreshnessConfig Freshness(YamlMap? map)
    {
        map?.OnlyKeys("interval_ms", "max_wait_secs", "probe_interval_ms", "probe_rate_per_sec");
        var interval = map?.Int("interval_ms") ?? 1000;
        if (interval < 0) throw map!.Error("interval_ms", $"must be 0 (no markers) or more, got {interval}");
        var wait = map?.Double("max_wait_secs") ?? 30;
        if (wait <= 0) throw map!.Error("max_wait_secs", $"must be greater than 0, got {wait}");
        var probe = map?.Int("probe_interval_ms") ?? 50;
        if (probe < 1) throw map!.Error("probe_interval_ms", $"must be at least 1, got {probe}");
        if (map is not null)
        {
            ConfigLoader.AtMost(map, "interval_ms", interval, MaxIntervalMs, "one hour");
            ConfigLoader.AtMost(map, "max_wait_secs", wait, MaxWaitSecs, "one hour: every marker is probed until then, so markers in flight grow with it");
            ConfigLoader.AtMost(map, "probe_interval_ms", probe, MaxProbeIntervalMs, "one minute");
        }
        var budget = map?.Double("probe_rate_per_sec") ?? FreshnessConfig.DefaultProbeRatePerSec;
        if (budget is <= 0 or > MaxProbeRate) throw map!.Error("probe_rate_per_sec", $"must be greater than 0 and at most {MaxProbeRate}, got {budget}");
        return new FreshnessConfig(interval, wait, probe) { ProbeRatePerSec = budget };
    }

    private static SettleConfig Settle(YamlMap? map)
    {
        map?.OnlyKeys("force_merge", "max_wait_secs");
        var wait = map?.Double("max_wait_secs") ?? SettleConfig.Default.MaxWaitSecs;
        if (wait is <= 0 or > MaxSettleSecs) throw map!.Error("max_wait_secs", $"must be greater than 0 and at most {MaxSettleSecs}, got {wait}");
        return new SettleConfig(map?.Bool("force_merge") ?? false, wait);
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
        if (map is not null)
        {
            ConfigLoader.AtMost(map, "needles", needles, MaxNeedles, "pool messages set aside as known answers");
            ConfigLoader.AtMost(map, "copies", copies, MaxNeedles, "entries planted per needle");
            ConfigLoader.AtMost(map, "interval_ms", interval, MaxIntervalMs, "one hour");
        }
        var exactEvery = map?.Int("exact_every") ?? 10;
        if (exactEvery is < 0 or > MaxExactEvery) throw map!.Error("exact_every", $"must be 0 (no exact recall) to {MaxExactEvery:N0}, got {exactEvery}");
        return new RelevanceConfig(needles, copies, interval) { ExactEvery = exactEvery };
    }
}
