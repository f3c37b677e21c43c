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
/// dropped silently: each one ends found or missing in every store and mode. Each marker is made
/// when it is written and let go when its last probe ends (<see cref="MarkerTimes.Retire"/>): a
/// probe waits for its store's turn no longer than max_wait_secs plus the queries' timeout after
/// the marker was written, so the markers in flight are at most that long over interval_ms
/// (bounded with the config, <see cref="Config.BenchSection"/>), however long the run.
/// </summary>
/// <param name="times">Where each marker's emitted_at and visible_at go (acked_at comes from the sinks' pipelines).</param>
public sealed class MarkerWriter(BenchPlan plan, IReadOnlyList<ISearchStore> stores, BenchMeasurements measurements, EntryTally tally, float jitter, TimeProvider time,
    MarkerTimes? times = null)
{
    private readonly long[] _byPhase = new long[measurements.Clock.Phases.Count];
    private readonly TaskCompletionSource _probesDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pending = 1; // the writer itself, until it has written its last marker
    private long _inFlight;

    public long Written => Enumerable.Range(0, _byPhase.Length).Sum(WrittenIn);

    /// <summary>Markers written during a phase.</summary>
    public long WrittenIn(int phase) => Interlocked.Read(ref _byPhase[phase]);

    /// <summary>Markers written whose probes have not all ended yet.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Every probe of every marker written, once <see cref="RunAsync"/> has returned.</summary>
    public Task ProbesDone => _probesDone.Task;

    public async Task RunAsync(long start, Batcher batcher, SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop)
    {
        var interval = TimeSpan.FromMilliseconds(plan.Config.Freshness.IntervalMs);
        var ids = new UuidV7Generator();
        var messages = new MarkerMessages(plan.SinkPool, plan.Seed);
        var sealedBatches = new List<Batch>();
        // A marker's probes give up waiting this long after it was written: max_wait, plus the queries' timeout for a probe sent just before it.
        var lifetime = TimeSpan.FromSeconds(plan.Config.Freshness.MaxWaitSecs) + plan.Config.Queries.Timeout;
        try
        {
            for (long k = 0; interval * k < measurements.Clock.Duration; k++)
            {
                var wait = interval * k - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stop).ConfigureAwait(false);

                var now = time.GetUtcNow();
                var message = messages.Next();
                var marker = new LogEntry(ids.Next(now), now, BenchPlan.MarkerService, message.Level, message);
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
                var modes = plan.Config.Queries.Modes;
                var probes = new MarkerProbes(marker.Id, stores.Count * modes.Count, lifetime, time, stop);
                Interlocked.Increment(ref _inFlight);
                Interlocked.Add(ref _pending, probes.Left);
                if (probes.Left == 0) Retired(probes);
                foreach (var store in stores)
                {
                    foreach (var mode in modes) _ = ProbeAsync(store, mode, marker.Id, token, vector, written, writtenAt, probes, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            Done();
        }
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _pending) == 0) _probesDone.TrySetResult();
    }

    private void Retired(MarkerProbes probes)
    {
        probes.Dispose();
        times?.Retire(probes.Marker);
        Interlocked.Decrement(ref _inFlight);
    }

    private async Task ProbeAsync(ISearchStore store, SearchMode mode, Guid id, string token, float[] vector, long written, TimeSpan writtenAt, MarkerProbes probes, CancellationToken stop)
    {
        try
        {
            await Task.Yield();
            if (await FoundAsync(store, mode, id, token, vector, written, probes.Expiry).ConfigureAwait(false) is { } sent)
            {
                times?.Visible(store.Name, mode, id, sent);
                measurements.MarkerFound(store.Name, mode, writtenAt, time.GetElapsedTime(written, sent));
            }
            else
            {
                measurements.MarkerMissing(store.Name, mode, writtenAt);
            }
        }
        finally
        {
            if (probes.ProbeEnded()) Retired(probes);
            Done();
        }
    }

    /// <summary>The send time of the first probe that found the marker; null when none did by max_wait (or the run stopped first).</summary>
    private async Task<long?> FoundAsync(ISearchStore store, SearchMode mode, Guid id, string token, float[] vector, long written, CancellationToken expiry)
    {
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
                    var found = await store.SearchAsync(mode, token, vector, plan.Config.Queries.TopK, expiry).ConfigureAwait(false);
                    if (found.Contains(id)) return sent;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed probe is one more try that did not find it; the query figures count failures.
                }
                if (time.GetElapsedTime(written) >= maxWait) return null;
                await Task.Delay(probeInterval, time, expiry).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested)
        {
            // The run stopped, or the marker's lifetime ended while its probe waited for a turn.
            return null;
        }
    }

    /// <summary>One marker's probes: how many are still running, and the token that ends their waiting at the marker's lifetime or the run's stop.</summary>
    private sealed class MarkerProbes : IDisposable
    {
        private readonly CancellationTokenSource _lifetime;
        private readonly CancellationTokenSource _linked;
        private int _left;

        public MarkerProbes(Guid marker, int probes, TimeSpan lifetime, TimeProvider time, CancellationToken stop)
        {
            Marker = marker;
            _left = probes;
            _lifetime = new CancellationTokenSource(lifetime, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _lifetime.Token);
        }

        public Guid Marker { get; }
        public int Left => Volatile.Read(ref _left);
        public CancellationToken Expiry => _linked.Token;

        /// <summary>True for the last probe to end.</summary>
        public bool ProbeEnded() => Interlocked.Decrement(ref _left) == 0;

        public void Dispose()
        {
            _linked.Dispose();
            _lifetime.Dispose();
        }
    }
}
