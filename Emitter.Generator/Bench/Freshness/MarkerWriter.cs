using Emitter.Generator.Batching;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Bench.Freshness;

/// <summary>
/// Every interval through the phases, one marker entry (a unique token in its message, a known
/// vector) goes into the batcher like any entry, so it travels the normal pipeline to every sink;
/// then each store is asked, in each mode, until the marker is among the top k (found: the time
/// since it was handed to the batcher) or max_wait_secs has passed (missing). Markers cannot be
/// dropped silently: each one ends found or missing in every store and mode.
/// </summary>
/// <param name="times">Where each marker's emitted_at and visible_at go (acked_at comes from the sinks' pipelines).</param>
public sealed class MarkerWriter(BenchPlan plan, IReadOnlyList<ISearchStore> stores, BenchMeasurements measurements, EntryTally tally, float jitter, TimeProvider time,
    MarkerTimes? times = null)
{
    private readonly List<Task> _probes = [];
    private readonly long[] _byPhase = new long[measurements.Clock.Phases.Count];

    public long Written => Enumerable.Range(0, _byPhase.Length).Sum(WrittenIn);

    /// <summary>Markers written during a phase.</summary>
    public long WrittenIn(int phase) => Interlocked.Read(ref _byPhase[phase]);

    /// <summary>Every probe of every marker written, once <see cref="RunAsync"/> has returned.</summary>
    public Task ProbesDone { get; private set; } = Task.CompletedTask;

    public async Task RunAsync(long start, Batcher batcher, SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop)
    {
        var interval = TimeSpan.FromMilliseconds(plan.Config.Freshness.IntervalMs);
        var ids = new UuidV7Generator();
        var sealedBatches = new List<Batch>();
        try
        {
            for (var k = 0; k < plan.Markers.Count && interval * k < measurements.Clock.Duration; k++)
            {
                var wait = interval * k - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stop).ConfigureAwait(false);

                var now = time.GetUtcNow();
                var marker = new LogEntry(ids.Next(now), now, BenchPlan.MarkerService, plan.Markers[k].Level, plan.Markers[k]);
                var written = time.GetTimestamp();
                var writtenAt = time.GetElapsedTime(start, written);
                times?.Emitted(marker.Id, written, writtenAt);
                tally.Add(marker.Service, marker.Level);
                Interlocked.Increment(ref _byPhase[Math.Max(0, measurements.Clock.PhaseAt(writtenAt))]);
                batcher.Add([marker], sealedBatches);
                foreach (var batch in sealedBatches) await fanOut.PublishAsync(batch, hardStop).ConfigureAwait(false);
                sealedBatches.Clear();

                var vector = EmbeddingJitter.Apply(marker.Message.Vector.Span, marker.Id, jitter); // exactly what the sinks store
                var token = marker.Text[(marker.Text.LastIndexOf(' ') + 1)..];
                foreach (var store in stores)
                {
                    foreach (var mode in plan.Config.Queries.Modes) _probes.Add(ProbeAsync(store, mode, marker.Id, token, vector, written, writtenAt, stop));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            ProbesDone = Task.WhenAll(_probes);
        }
    }

    private async Task ProbeAsync(ISearchStore store, SearchMode mode, Guid id, string token, float[] vector, long written, TimeSpan writtenAt, CancellationToken stop)
    {
        await Task.Yield();
        var maxWait = TimeSpan.FromSeconds(plan.Config.Freshness.MaxWaitSecs);
        var probeInterval = TimeSpan.FromMilliseconds(plan.Config.Freshness.ProbeIntervalMs);
        try
        {
            while (true)
            {
                try
                {
                    // visible_at is the probe's send: the store had made the marker searchable by then.
                    var sent = time.GetTimestamp();
                    var found = await store.SearchAsync(mode, token, vector, plan.Config.Queries.TopK, stop).ConfigureAwait(false);
                    if (found.Contains(id))
                    {
                        times?.Visible(store.Name, mode, id, sent);
                        measurements.MarkerFound(store.Name, mode, writtenAt, time.GetElapsedTime(written, sent));
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed probe is one more try that did not find it; the query figures count failures.
                }
                if (time.GetElapsedTime(written) >= maxWait) break;
                await Task.Delay(probeInterval, time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        measurements.MarkerMissing(store.Name, mode, writtenAt);
    }
}
