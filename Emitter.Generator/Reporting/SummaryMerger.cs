using System.Text.Json;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Reporting;

/// <summary>
/// Adds up the summaries of one run's shards (<c>emitter merge-summaries</c>): counts and rates
/// sum, lags and latencies take the worst, the duration the longest. Summaries of different
/// runs (seeds) are refused: their sum would mean nothing. Bench sections merge through their histograms (<see cref="Bench.Reporting.BenchMerger"/>).
/// </summary>
public static class SummaryMerger
{
    public static RunSummary Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), RunSummary.Json)
                ?? throw new ConfigException($"{path}: not a run summary (null)");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ConfigException($"{path}: not a readable run summary ({e.Message.Split(Environment.NewLine)[0]})");
        }
    }

    public static RunSummary Merge(IReadOnlyList<(string Path, RunSummary Summary)> parts)
    {
        if (parts.Count == 0) throw new ConfigException("merge-summaries: no summary files given");
        var first = parts[0].Summary;
        foreach (var (path, part) in parts)
        {
            if (part.Seed != first.Seed) throw new ConfigException($"{path}: seed {part.Seed} differs from {parts[0].Path}'s {first.Seed}: not shards of one run");
            if ((part.Bench is null) != (first.Bench is null)) throw new ConfigException($"{path}: {(part.Bench is null ? "has no" : "has a")} bench section, unlike {parts[0].Path}");
        }
        var shards = parts.Where(p => p.Summary.Shard is not null).Select(p => p.Summary.Shard!).ToList();
        if (shards.Distinct().Count() != shards.Count)
            throw new ConfigException($"merge-summaries: shard {shards.GroupBy(s => s).First(g => g.Count() > 1).Key} given twice");

        var all = parts.Select(p => p.Summary).ToList();
        var duration = all.Max(s => s.DurationSecs);
        var emitted = all.Sum(s => s.Emitted);
        return new RunSummary(
            emitted,
            duration,
            all.Sum(s => s.TargetRate),
            all.Sum(s => s.AchievedRate),
            all.Max(s => s.MaxLagMs),
            first.Seed,
            first.Embedding,
            Sum(all.Select(s => s.ByService)),
            Sum(all.Select(s => s.ByLevel)),
            all.SelectMany(s => s.Services).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new ServiceSummary(
                g.Sum(kv => kv.Value.Emitted), g.Sum(kv => kv.Value.TargetRate), g.Sum(kv => kv.Value.AchievedRate),
                g.Max(kv => kv.Value.MaxLagMs), Sum(g.Select(kv => kv.Value.ByLevel)))),
            all.SelectMany(s => s.Sinks).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new SinkSummary(
                g.Sum(kv => kv.Value.Delivered), g.Sum(kv => kv.Value.Failed), g.Sum(kv => kv.Value.Dropped), g.Sum(kv => kv.Value.Retried),
                g.Sum(kv => kv.Value.Batches), g.Max(kv => kv.Value.MaxLatencyMs), g.Select(kv => kv.Value.FirstError).FirstOrDefault(e => e is not null), g.Any(kv => kv.Value.LiveView))),
            all.Sum(s => s.NotEmitted),
            Shard: shards.Count == 0 ? null : $"{shards.Count} shards merged ({string.Join(", ", shards)})",
            Bench: first.Bench is null ? null : Bench.Reporting.BenchMerger.Merge([.. parts.Select(p => (p.Path, p.Summary.Bench!))]),
            Incidents: first.Incidents is null ? null : MergeIncidents(all)) with
        {
            Emitter = first.Emitter,
            Machine = first.Machine,
            ConfigHash = first.ConfigHash,
        };
    }

    private static List<IncidentSummary> MergeIncidents(List<RunSummary> all) =>
        [.. all[0].Incidents!.Select((incident, i) =>
        {
            var same = all.Select(s => s.Incidents is { } list && list.Count > i && list[i].Name == incident.Name ? list[i]
                : throw new ConfigException($"merge-summaries: the summaries list different incidents (no '{incident.Name}' at position {i + 1} in every one)")).ToList();
            return incident with
            {
                EntriesInWindow = same.Sum(x => x.EntriesInWindow),
                WindowByLevel = Sum(same.Select(x => x.WindowByLevel)),
                IncidentMessages = same.Sum(x => x.IncidentMessages),
                PrecursorMessages = same.Sum(x => x.PrecursorMessages),
                RecoveryMessages = same.Sum(x => x.RecoveryMessages),
            };
        })];

    private static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> parts) =>
        parts.SelectMany(p => p).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
}
