using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Bench.Relevance;

/// <summary>
/// Asks every store, in every mode, for every needle at an interval through the phases: by its
/// text (keyword), its vector (vector), both (hybrid); scores the answer against the planted
/// copies. A tick still running when the next is due makes that one wait (it is skipped, not queued).
/// </summary>
public sealed class NeedleProber(NeedleSet needles, IReadOnlyList<ISearchStore> stores, QueryWorkload workload, BenchMeasurements measurements, TimeProvider time)
{
    public async Task RunAsync(long start, TimeSpan interval, CancellationToken stop)
    {
        var end = measurements.Clock.Duration;
        try
        {
            for (var at = TimeSpan.Zero; at < end; at += interval)
            {
                var wait = at - time.GetElapsedTime(start);
                if (wait < TimeSpan.Zero) continue;
                await Task.Delay(wait, time, stop).ConfigureAwait(false);
                await Task.WhenAll(
                    from needle in needles.Needles
                    from store in stores
                    from mode in workload.Modes
                    select AskAsync(needle, store, mode, at, stop)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task AskAsync(PoolMessage needle, ISearchStore store, SearchMode mode, TimeSpan at, CancellationToken stop)
    {
        try
        {
            var ranked = await store.SearchAsync(mode, needle.Text, needle.Vector, workload.TopK, stop).ConfigureAwait(false);
            var (recall, reciprocal) = RelevanceScore.Of(ranked, needles.AnswersOf(needle), workload.TopK);
            measurements.Relevance(store.Name, mode, at, recall, reciprocal);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed search says nothing about relevance; the latency figures count failures.
        }
    }
}
