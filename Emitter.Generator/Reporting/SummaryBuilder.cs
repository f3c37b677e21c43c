using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Stores;

namespace Emitter.Generator.Reporting;

/// <summary>Reads the emitters' and pipelines' counters into a <see cref="RunSummary"/>.</summary>
internal static class SummaryBuilder
{
    public static RunSummary Build(EmitterConfig config, ulong seed, MessagePool pool,
        IReadOnlyList<ServiceEmitter> emitters, IReadOnlyList<SinkPipeline> pipelines, double seconds, EntryTally? planEntries = null, DateTimeOffset? startWall = null)
    {
        var services = emitters.ToDictionary(e => e.Service.Name, e => new ServiceSummary(
            e.Emitted,
            e.Service.RatePerSec,
            Rate(e.Emitted, seconds),
            e.MaxLag.TotalMilliseconds,
            LogLevels.All.ToDictionary(l => l.Name(), e.CountOf)));
        var emitted = emitters.Sum(e => e.Emitted);
        // The run plan's own entries (a bench's pre-seed, needles, markers) count as emitted, by service and level,
        // so emitted = delivered + failed + dropped holds for every sink; the rates stay the services'.
        var extra = planEntries?.ByService() ?? new Dictionary<string, long[]>();
        var byService = services.ToDictionary(kv => kv.Key, kv => kv.Value.Emitted);
        foreach (var (service, levels) in extra) byService[service] = byService.GetValueOrDefault(service) + levels.Sum();

        return new RunSummary(
            emitted + extra.Values.Sum(l => l.Sum()),
            Math.Round(seconds, 3),
            config.TargetRate,
            Rate(emitted, seconds),
            emitters.Count == 0 ? 0 : emitters.Max(e => e.MaxLag.TotalMilliseconds),
            seed,
            pool.Embedding == EmbeddingInfo.None ? SinkCatalog.Default.EmbeddingNoneReason(config.Sinks)
                : pool.Embedding is { } info ? $"{info.Provider}/{info.Model}/{info.Dimensions}" : "none",
            byService,
            LogLevels.All.ToDictionary(l => l.Name(), l => emitters.Sum(e => e.CountOf(l)) + extra.Values.Sum(levels => levels[(int)l])),
            services,
            pipelines.ToDictionary(p => p.Name, p => new SinkSummary(
                p.Stats.Delivered, p.Stats.Failed, p.Stats.Dropped, p.Retries, p.Stats.Batches,
                p.Stats.MaxLatency.TotalMilliseconds, p.Stats.FirstError, p.Sink.Kind == Sinks.SinkKind.LiveView)),
            emitters.Sum(e => e.NotEmitted),
            Shard: config.Shard.IsSharded ? config.Shard.ToString() : null,
            Incidents: config.Incidents.Count == 0 ? null : Incidents(config, emitters, startWall));
    }

    private static List<IncidentSummary> Incidents(EmitterConfig config, IReadOnlyList<ServiceEmitter> emitters, DateTimeOffset? startWall)
    {
        var hit = emitters.Where(e => e.Incidents is not null).Select(e => e.Incidents!).ToList();
        return [.. config.Incidents.Select((incident, i) =>
        {
            var byLevel = LogLevels.All.ToDictionary(l => l.Name(), l => hit.Sum(s => s.InWindow(i, l)));
            return new IncidentSummary(incident.Name, incident.Kind.Name(), incident.StartSecs, incident.EndSecs,
                startWall?.AddSeconds(incident.StartSecs), startWall?.AddSeconds(incident.EndSecs), incident.Services,
                byLevel.Values.Sum(), byLevel,
                hit.Sum(s => s.FamilyEntries(i, Pool.IncidentPhase.Incident)),
                hit.Sum(s => s.FamilyEntries(i, Pool.IncidentPhase.Precursor)),
                hit.Sum(s => s.FamilyEntries(i, Pool.IncidentPhase.Recovery)));
        })];
    }

    private static double Rate(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : 0;
}
