using Emitter.Generator.Batching;
using Emitter.Generator.Bench.Capacity;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Probes;
using Emitter.Generator.Bench.Queries;
using Emitter.Generator.Bench.Relevance;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Bench.Truth;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Bench;

/// <summary>
/// The read side of a run. Before emission: the pre-seed (and the indexes built after it), the
/// needles planted, warm-up queries. Through the phases, beside the emitters: queries to every
/// store in every mode, freshness markers and their probes, needle queries, and the writes
/// counted per phase. <see cref="GeneratorRun"/> calls it at those points.
/// </summary>
public sealed class BenchRun
{
    private readonly BenchPlan _plan;
    private readonly IReadOnlyList<ISearchStore> _stores;
    private readonly IReadOnlyList<ISearchStore> _probeStores;
    private readonly EmitterConfig _config;
    private readonly ulong _seed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<Task> _work = [];
    private readonly PhaseWriteCounter _writes;
    private Task _markers = Task.CompletedTask;
    private MarkerWriter? _markerWriter;
    private PreseedSummary _preseed = new(0, 0, 0, null);
    private long _preseedEntries, _needleEntries;
    private NeedleSet _needles = NeedleSet.Empty;
    private readonly Dictionary<string, StoredEntries> _stored = [];
    private MarkerTimes? _markerTimes;
    private ExactRecall? _exactRecall;

    /// <param name="probeStores">A second instance of each store, on connections of its own, for the probes (markers, needles); null: the probes share <paramref name="stores"/>' connections.</param>
    public BenchRun(BenchPlan plan, IReadOnlyList<ISearchStore> stores, EmitterConfig config, ulong seed, TimeProvider time, ILogger logger,
        IReadOnlyList<ISearchStore>? probeStores = null)
    {
        _plan = plan;
        _stores = stores;
        _probeStores = probeStores ?? stores;
        _config = config;
        _seed = seed;
        _time = time;
        _logger = logger;
        Clock = new PhaseClock(plan.Config.Phases);
        Schedule = new RateSchedule(plan.Config.Phases);
        Measurements = new BenchMeasurements(Clock, stores.Select(s => s.Name), Workload.Modes);
        _writes = new PhaseWriteCounter(plan.Config.Phases.Count);
        WriteSeries = new WriteSeries(Measurements.SeriesInterval);
    }

    public PhaseClock Clock { get; }

    /// <summary>What the bench writes and asks (needles, markers, queries).</summary>
    public BenchPlan Plan => _plan;
    public RateSchedule Schedule { get; }
    public BenchMeasurements Measurements { get; }
    public WriteSeries WriteSeries { get; }
    public TimeSpan Duration => Clock.Duration;

    /// <summary>Entries the bench wrote itself (pre-seed, needles, markers), for the run's accounting.</summary>
    public EntryTally Tally { get; } = new();

    /// <summary>Raised as each phase begins (index, phase), from a timer thread.</summary>
    public event Action<int, BenchPhase>? PhaseStarted;

    private QueryWorkload Workload => _plan.Config.Queries;

    /// <summary>Pre-seed and needles through the sinks' pipelines, as fast as they take them; indexes; warm-up.</summary>
    public async Task PrepareAsync(SinkFanOut fanOut, CancellationToken stop, CancellationToken hardStop)
    {
        // Before the first entry: what each store acknowledges (the pre-seed included) is the ground truth of exact recall.
        var trackEntries = _plan.Config.Relevance.ExactEvery > 0 && Workload.Modes.Any(ExactRecall.Scores);
        foreach (var pipeline in fanOut.Pipelines.Where(p => _stores.Any(s => s.Name == p.Name)))
        {
            var stored = new StoredEntries(pipeline.Name, trackEntries, _time);
            stored.Attach(pipeline);
            _stored[pipeline.Name] = stored;
        }
        var preseed = new Preseeder(_plan, _config, _seed, _time, Tally);
        var started = _time.GetTimestamp();
        var written = await preseed.WriteAsync(fanOut, stop, hardStop).ConfigureAwait(false);
        _preseedEntries = written.Preseed;
        _needleEntries = written.Needles;
        _needles = new NeedleSet(_plan.Needles, written.Planted, _plan.Config.Relevance.Copies);
        var entries = _preseedEntries + _needleEntries;
        await Preseeder.WaitDeliveredAsync(fanOut.Pipelines, entries, _time, stop).ConfigureAwait(false);
        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        var rate = entries / Math.Max(seconds, 1e-3);
        _logger.LogInformation("Pre-seed: {Entries:N0} entries in {Seconds:0.0} s ({Rate:N0}/s)", entries, seconds, rate);
        _preseed = new PreseedSummary(entries, Math.Round(seconds, 3), Math.Round(rate, 1), null);
        try
        {
            if (_plan.Config.BuildIndexesAfterPreseed)
            {
                var building = _time.GetTimestamp();
                foreach (var store in _stores) await store.BuildIndexesAsync(stop).ConfigureAwait(false);
                _preseed = _preseed with { IndexBuildSecs = Math.Round(_time.GetElapsedTime(building).TotalSeconds, 3) };
                _logger.LogInformation("Indexes built after the pre-seed in {Seconds:0.0} s", _preseed.IndexBuildSecs);
            }
            await SettleAsync(stop).ConfigureAwait(false);
            await WarmUpAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: the run goes on to its summary (the pre-seed was written and is counted).
        }
    }

    /// <summary>Starts everything that runs beside the emitters, from <paramref name="start"/> (the first phase's start).</summary>
    public void Start(long start, Batcher batcher, SinkFanOut fanOut, IReadOnlyList<ServiceEmitter> emitters, CancellationToken stop, CancellationToken hardStop)
    {
        var queries = _plan.Queries;
        if (_plan.Config.Relevance.ExactEvery > 0 && _stored.Count > 0)
        {
            _exactRecall = new ExactRecall(_stored, Measurements, _plan.Config.Relevance.ExactEvery, Workload.TopK, _config.Embedding.Jitter);
            _exactRecall.Start();
        }
        if (_plan.Config.Capacity is { } capacity)
        {
            _work.Add(Task.Run(() => CapacityAsync(capacity, start, stop)));
        }
        else
        {
            foreach (var store in _stores)
            {
                foreach (var mode in Workload.Modes)
                {
                    var query = Query(store, mode, new QueryPicker(queries), start);
                    void Done(QueryOutcome outcome) => Measurements.Query(store.Name, mode, outcome);
                    _work.Add(Workload.Burst is { } burst
                        ? Task.Run(() => new BurstDriver(_time, burst, Workload.Timeout).RunAsync(start, Duration, query, Done, stop))
                        : Task.Run(() => new OpenLoopDriver(_time, new PoissonSchedule(Workload.RatePerSec, new Random(DriverSeed(store.Name, mode))), Workload.MaxOutstanding, Workload.Timeout)
                            .RunAsync(start, Duration, query, Done, stop)));
                }
            }
        }

        var probes = MeteredProbeStores(start, stop);
        if (_plan.MarkerCount > 0)
        {
            _markerTimes = new MarkerTimes(_time, _stored);
            _markerWriter = new MarkerWriter(_plan, probes, Measurements, Tally, _config.Embedding.Jitter, _time, _markerTimes);
            _markers = Task.Run(() => _markerWriter.RunAsync(start, batcher, fanOut, stop, hardStop));
        }
        if (_needles.Count > 0)
            _work.Add(Task.Run(() => new NeedleProber(_needles, probes, Workload, Measurements, _time).RunAsync(start, TimeSpan.FromMilliseconds(_plan.Config.Relevance.IntervalMs), stop)));
        _work.Add(Task.Run(() => WriteSeries.RunAsync(start, Duration, emitters, fanOut.Pipelines, _time, stop)));
        _work.Add(Task.Run(() => _writes.RunAsync(Clock, start, emitters, fanOut.Pipelines, _markerWriter, PhaseBegins, _time, stop)));
    }

    /// <summary>One query to <paramref name="store"/> in <paramref name="mode"/>, the next text in turn, sampled for exact recall.</summary>
    private Func<CancellationToken, Task> Query(ISearchStore store, SearchMode mode, QueryPicker next, long start) => async ct =>
    {
        var q = next.Next();
        var sampled = _exactRecall?.Take(store.Name, mode, _time.GetElapsedTime(start));
        var ids = await store.SearchAsync(mode, q.Text, q.Vector, Workload.TopK, ct).ConfigureAwait(false);
        if (sampled is not null) _exactRecall!.Returned(sampled, q.Vector, ids);
    };

    /// <summary>
    /// Each phase in turn, after its warm-up: every store and mode's capacity search, one after
    /// another (the modes share a server, so a search run beside another would measure both), while
    /// the writes and the probes go on at the phase's rate. A phase lasts the searches' bound
    /// (<see cref="BenchConfig.CapacityBoundSecs"/>); what is left of it after they end runs no queries.
    /// </summary>
    private async Task CapacityAsync(CapacitySettings capacity, long start, CancellationToken stop)
    {
        var runner = new CapacityRunner(_time, capacity, Workload.MaxOutstanding, Workload.Timeout);
        for (var i = 0; i < Clock.Phases.Count; i++)
        {
            var phase = i;
            var name = Clock.Phases[i].Name;
            var wait = TimeSpan.FromSeconds(Clock.StartSecs(i) + Clock.Phases[i].WarmupSecs) - _time.GetElapsedTime(start);
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            var began = _time.GetTimestamp();
            foreach (var store in _stores)
            {
                foreach (var mode in Workload.Modes)
                {
                    if (stop.IsCancellationRequested)
                    {
                        Measurements.Capacity(store.Name, mode, phase, new CapacitySearch(capacity).Result(stopped: true), null);
                        continue;
                    }
                    var seed = DriverSeed(store.Name, mode);
                    var found = await runner.RunAsync(Query(store, mode, new QueryPicker(_plan.Queries), start), step => new Random(seed + 7919 * (phase * 1000 + step)), start,
                        outcome => Measurements.CapacityQuery(store.Name, mode, outcome),
                        (index, step, done, sofar) => Stepped(new CapacityProgress(phase, name, store.Name, mode.Name(), index, step, done, done ? sofar.MaxQpsAtSlo : null)),
                        stop).ConfigureAwait(false);
                    Measurements.Capacity(store.Name, mode, phase, found.Result, found.AtAnswer);
                    _logger.LogInformation("Capacity {Store}/{Mode} in phase {Phase}: {Qps:0.##} qps at p99 <= {Slo:0.##} ms (limited by {LimitedBy}, {Steps} steps, {Secs:0.0} s)",
                        store.Name, mode.Name(), name, found.Result.MaxQpsAtSlo, capacity.SloP99Ms, found.Result.LimitedBy, found.Result.Steps.Count, found.Result.Secs);
                }
            }
            _logger.LogInformation("Phase {Phase}: capacity searches took {Secs:0.0} s of its {Bound:0.0} s bound", name,
                _time.GetElapsedTime(began).TotalSeconds, Clock.Phases[i].DurationSecs - Clock.Phases[i].WarmupSecs);
        }
    }

    /// <summary>Raised as each capacity step ends (Done on a search's last), from the search's thread.</summary>
    public event Action<CapacityProgress>? CapacityStepped;

    private void Stepped(CapacityProgress progress)
    {
        var step = progress.Step;
        _logger.LogInformation("capacity {Store}/{Mode}: {Qps:0.##} qps p99 {Censored}{P99:0.0} ms errors {Errors:0.0%} {Verdict}",
            progress.Sink, progress.Mode, step.Qps, step.P99Censored ? ">=" : "", step.P99Ms, step.ErrorRate, step.Passed ? "pass" : "fail");
        CapacityStepped?.Invoke(progress);
    }

    /// <summary>In-flight probes per store at most: a stalled store holds these and gets no more.</summary>
    public const int ProbesInFlight = 4;

    /// <summary>The probe stores, each behind its budget (<see cref="FreshnessConfig.ProbeRatePerSec"/>), counted per phase.</summary>
    private IReadOnlyList<ISearchStore> MeteredProbeStores(long start, CancellationToken stop) =>
        _probeStores.Select(store => (ISearchStore)new MeteredSearchStore(store,
            new ProbeGate(_plan.Config.Freshness.ProbeRatePerSec, ProbesInFlight, _time, stop), Workload.Timeout,
            () => Measurements.Probe(store.Name, _time.GetElapsedTime(start)), _time)).ToList();

    /// <summary>When no more markers will be written: the run may flush its last batch.</summary>
    public Task WritesDone => _markers;

    /// <summary>When the queries have ended and every marker was found or given up on.</summary>
    public async Task CompleteAsync()
    {
        await _markers.ConfigureAwait(false);
        await Task.WhenAll(_work).ConfigureAwait(false);
        if (_markerWriter is not null) await _markerWriter.ProbesDone.ConfigureAwait(false);
        if (_exactRecall is not null) await _exactRecall.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>What each searched sink writes to (SearchStoreCatalog.Targets), named in the summary.</summary>
    public IReadOnlyDictionary<string, BenchTarget>? Targets { get; set; }

    public BenchSummary Summary() => BenchSummaryBuilder.Build(_plan, Clock, Measurements, _stores, _preseed,
        new BenchEntries(_preseedEntries, _needleEntries, _markerWriter?.Written ?? 0), _writes, Targets, _markerTimes, WriteSeries);

    /// <summary>The reads since the last call, for the terminal's progress line.</summary>
    public string StatusLine(TimeSpan interval) => BenchProgress.Line(Measurements, _stores.Select(s => s.Name).ToList(), Workload.Modes, interval);

    private void PhaseBegins(int index)
    {
        var phase = Clock.Phases[index];
        _logger.LogInformation("Phase {Phase} ({Index} of {Count}): {Duration:0.#} s, writes at {Rate:0.##}x the services' rates",
            phase.Name, index + 1, Clock.Phases.Count, phase.DurationSecs, phase.WriteRate);
        PhaseStarted?.Invoke(index, phase);
    }

    /// <summary>Every store settled after the pre-seed, one after another, each timed.</summary>
    private async Task SettleAsync(CancellationToken stop)
    {
        var settled = new Dictionary<string, SettleSummary>();
        var all = _time.GetTimestamp();
        foreach (var store in _stores)
        {
            var began = _time.GetTimestamp();
            var action = await store.SettleAsync(_plan.Config.Settle, stop).ConfigureAwait(false);
            settled[store.Name] = new SettleSummary(action, Math.Round(_time.GetElapsedTime(began).TotalSeconds, 3));
            _logger.LogInformation("Store {Store} settled after the pre-seed: {Action} in {Seconds:0.000} s", store.Name, action, settled[store.Name].Secs);
        }
        _preseed = _preseed with { SettleSecs = Math.Round(_time.GetElapsedTime(all).TotalSeconds, 3), Settle = settled };
    }

    private async Task WarmUpAsync(CancellationToken stop)
    {
        if (Workload.Warmup == 0) return;
        var queries = _plan.Queries;
        foreach (var store in _stores)
        {
            foreach (var mode in Workload.Modes)
            {
                string? error = null;
                for (var i = 0; i < Workload.Warmup; i++)
                {
                    var q = queries[i % queries.Count];
                    try
                    {
                        await store.SearchAsync(mode, q.Text, q.Vector, Workload.TopK, stop).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        error ??= e.Message;
                    }
                }
                if (error is not null) _logger.LogWarning("Store {Store}: {Mode} warm-up queries failed: {Reason}", store.Name, mode.Name(), error);
            }
        }
    }

    private int DriverSeed(string store, SearchMode mode) => ServiceSequence.SeedFor(_seed, $"{store}/{mode.Name()}");
}
