using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Reporting;

/// <summary>Reads the emitters' and pipelines' counters into a <see cref="RunSummary"/>.</summary>
internal static class SummaryBuilder
{
    public static RunSummary Build(EmitterConfig config, ulong seed, MessagePool pool,
        IReadOnlyList<ServiceEmitter> emitters, IReadOnlyList<SinkPipeline> pipelines, double seconds)
    {
        var services = emitters.ToDictionary(e => e.Service.Name, e => new ServiceSummary(
            e.Emitted,
            e.Service.RatePerSec,
            Rate(e.Emitted, seconds),
            e.MaxLag.TotalMilliseconds,
            LogLevels.All.ToDictionary(l => l.Name(), e.CountOf)));
        var emitted = emitters.Sum(e => e.Emitted);

        return new RunSummary(
            emitted,
            Math.Round(seconds, 3),
            config.TargetRate,
            Rate(emitted, seconds),
            emitters.Count == 0 ? 0 : emitters.Max(e => e.MaxLag.TotalMilliseconds),
            seed,
            pool.Embedding is { } info ? $"{info.Provider}/{info.Model}/{info.Dimensions}" : "none",
            services.ToDictionary(kv => kv.Key, kv => kv.Value.Emitted),
            LogLevels.All.ToDictionary(l => l.Name(), l => emitters.Sum(e => e.CountOf(l))),
            services,
            pipelines.ToDictionary(p => p.Name, p => new SinkSummary(
                p.Stats.Delivered, p.Stats.Failed, p.Stats.Dropped, p.Retries, p.Stats.Batches,
                p.Stats.MaxLatency.TotalMilliseconds, p.Stats.FirstError)),
            emitters.Sum(e => e.NotEmitted));
    }

    private static double Rate(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : 0;
}
