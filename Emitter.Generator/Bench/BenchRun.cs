using Emitter.Generator.Batching;
using Emitter.Generator.Bench.Config;
using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Freshness;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Queries;
using Emitter.Generator.Bench.Relevance;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Bench.Stores;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Bench;

/// <summary>
/// The read side of a run. Before emission: the pre-seed (and the indexes built after it), the
/// needles planted, warm-up queries. Through the phases, beside the emitters: queries to every
/// store in every mode, freshness markers and their probes, needle queries, and the writes
/// counted per phase. <see cref="EmitterRun"/> calls it at those points.
/// </summary>
public sealed class BenchRun
{
    private readonly BenchPlan _plan;
    private readonly IReadOnlyList<ISearchStore> _stores;
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

    public BenchRun(BenchPlan plan, IReadOnlyList<ISearchStore> stores, EmitterConfig config, ulong seed, TimeProvider time, ILogger logger)
    {
        _plan = plan;
        _stores = stores;
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
        foreach (var store in _stores)
        {
            foreach (var mode in Workload.Modes)
            {
                var next = new QueryPicker(queries);
                Func<CancellationToken, Task> query = ct =>
                {
                    var q = next.Next();
                    return store.SearchAsync(mode, q.Text, q.Vector, Workload.TopK, ct);
                };
                void Done(QueryOutcome outcome) => Measurements.Query(store.Name, mode, outcome);
                _work.Add(Workload.Burst is { } burst
                    ? Task.Run(() => new BurstDriver(_time, burst).RunAsync(start, Duration, query, Done, stop))
                    : Task.Run(() => new OpenLoopDriver(_time, new PoissonSchedule(Workload.RatePerSec, new Random(DriverSeed(store.Name, mode))), Workload.MaxOutstanding)
                        .RunAsync(start, Duration, query, Done, stop)));
            }
        }

        if (_plan.Config.Freshness.IntervalMs > 0 && _plan.Markers.Count > 0)
        {
            _markerWriter = new MarkerWriter(_plan, _stores, Measurements, Tally, _config.Embedding.Jitter, _time);
            _markers = Task.Run(() => _markerWriter.RunAsync(start, batcher, fanOut, stop, hardStop));
        }
        if (_needles.Count > 0)
            _work.Add(Task.Run(() => new NeedleProber(_needles, _stores, Workload, Measurements, _time).RunAsync(start, TimeSpan.FromMilliseconds(_plan.Config.Relevance.IntervalMs), stop)));
        _work.Add(Task.Run(() => WriteSeries.RunAsync(start, Duration, emitters, fanOut.Pipelines, _time, stop)));
        _work.Add(Task.Run(() => _writes.RunAsync(Clock, start, emitters, fanOut.Pipelines, _markerWriter, PhaseBegins, _time, stop)));
    }

    /// <summary>When no more markers will be written: the run may flush its last batch.</summary>
    public Task WritesDone => _markers;

    /// <summary>When the queries have ended and every marker was found or given up on.</summary>
    public async Task CompleteAsync()
    {
        await _markers.ConfigureAwait(false);
        await Task.WhenAll(_work).ConfigureAwait(false);
        if (_markerWriter is not null) await _markerWriter.ProbesDone.ConfigureAwait(false);
    }

    public BenchSummary Summary() => BenchSummaryBuilder.Build(_plan, Clock, Measurements, _stores, _preseed,
        new BenchEntries(_preseedEntries, _needleEntries, _markerWriter?.Written ?? 0), _writes, WriteSeries);

    /// <summary>The reads since the last call, for the terminal's progress line.</summary>
    public string StatusLine(TimeSpan interval) => BenchProgress.Line(Measurements, _stores.Select(s => s.Name).ToList(), Workload.Modes, interval);

    private void PhaseBegins(int index)
    {
        var phase = Clock.Phases[index];
        _logger.LogInformation("Phase {Phase} ({Index} of {Count}): {Duration:0.#} s, writes at {Rate:0.##}x the services' rates",
            phase.Name, index + 1, Clock.Phases.Count, phase.DurationSecs, phase.WriteRate);
        PhaseStarted?.Invoke(index, phase);
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
