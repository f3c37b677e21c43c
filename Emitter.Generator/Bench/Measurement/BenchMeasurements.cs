using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Telemetry;

namespace Emitter.Generator.Bench.Measurement;

/// <summary>
/// Everything a bench measures, per store and mode: query latencies and freshness per phase and
/// over time, relevance per phase. Each measurement also goes to Emitter's meter as it happens
/// (tags store, mode, phase), so an app host's dashboard shows the run live.
/// </summary>
public sealed class BenchMeasurements
{
    private readonly Dictionary<(string Store, SearchMode Mode), StoreModeMeasurements> _cells = [];
    private readonly Dictionary<string, long[]> _probes = [];

    public BenchMeasurements(PhaseClock clock, IEnumerable<string> stores, IReadOnlyList<SearchMode> modes)
    {
        Clock = clock;
        // About 200 points across the run: per second for short runs, coarser for long ones.
        SeriesInterval = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(clock.Duration.TotalSeconds / 200)));
        foreach (var store in stores)
        {
            foreach (var mode in modes) _cells[(store, mode)] = new StoreModeMeasurements(clock.Phases.Count, SeriesInterval);
            _probes[store] = new long[clock.Phases.Count];
        }
    }

    public PhaseClock Clock { get; }
    public TimeSpan SeriesInterval { get; }

    public StoreModeMeasurements For(string store, SearchMode mode) => _cells[(store, mode)];

    /// <summary>
    /// One due query: every one enters the latency figures, a query that did not succeed at the
    /// timeout it is reported with (censored), so a phase's percentiles are over all due queries.
    /// </summary>
    public void Query(string store, SearchMode mode, QueryOutcome outcome)
    {
        var phase = Clock.PhaseAt(outcome.ScheduledAt);
        if (phase < 0 || Clock.InWarmup(phase, outcome.ScheduledAt)) return;
        var cells = For(store, mode);
        cells.Queries[phase].Record(outcome);
        Series(store, mode, cells, phase, outcome);
    }

    /// <summary>
    /// One due query of a capacity step: in the series, the live figures and the meter; its figures
    /// go to the step's own cell (<see cref="Capacity"/> keeps the one at the answer).
    /// </summary>
    public void CapacityQuery(string store, SearchMode mode, QueryOutcome outcome)
    {
        var phase = Clock.PhaseAt(outcome.ScheduledAt);
        if (phase >= 0) Series(store, mode, For(store, mode), phase, outcome);
    }

    /// <summary>A phase's capacity search in one store and mode: its answer, and the step at that rate as the phase's query figures.</summary>
    public void Capacity(string store, SearchMode mode, int phase, CapacityResult result, QueryCell? atAnswer)
    {
        var cells = For(store, mode);
        cells.Capacity[phase] = result;
        if (atAnswer is not null) cells.Queries[phase] = atAnswer;
    }

    private void Series(string store, SearchMode mode, StoreModeMeasurements cells, int phase, QueryOutcome outcome)
    {
        if (outcome.Kind != QueryFailure.None)
        {
            cells.ErrorSeries.Record(outcome.ScheduledAt);
            cells.Recent.Fail();
        }
        else
        {
            cells.Recent.Record(outcome.Latency);
        }
        // Every due query is in the chart's series, a failed one at its timeout (censored).
        cells.QuerySeries.Record(outcome.ScheduledAt, outcome.Latency);
        EmitterDiagnostics.BenchQueryDuration.Record(outcome.Latency.TotalSeconds, Tags(store, mode, phase));
    }

    /// <summary>
    /// A probe (freshness marker or needle) sent to a store <paramref name="at"/> after the phases
    /// began. Those after the last phase (the last markers still looked for) are load on no phase.
    /// </summary>
    public void Probe(string store, TimeSpan at)
    {
        if (at < TimeSpan.Zero || at >= Clock.Duration) return;
        Interlocked.Increment(ref _probes[store][Clock.PhaseAt(at)]);
    }

    /// <summary>Probes sent to a store during a phase.</summary>
    public long ProbesIn(string store, int phase) => Interlocked.Read(ref _probes[store][phase]);

    public void MarkerFound(string store, SearchMode mode, TimeSpan writtenAt, TimeSpan latency)
    {
        var phase = Math.Max(0, Clock.PhaseAt(writtenAt));
        var cells = For(store, mode);
        cells.Freshness[phase].Latency.Record(latency);
        cells.FreshnessOverall.Latency.Record(latency);
        cells.FreshnessSeries.Record(writtenAt, latency);
        EmitterDiagnostics.BenchFreshness.Record(latency.TotalSeconds, Tags(store, mode, phase));
    }

    public void MarkerMissing(string store, SearchMode mode, TimeSpan writtenAt)
    {
        var phase = Math.Max(0, Clock.PhaseAt(writtenAt));
        var cells = For(store, mode);
        cells.Freshness[phase].Miss();
        cells.FreshnessOverall.Miss();
    }

    public void Relevance(string store, SearchMode mode, TimeSpan at, double recall, double reciprocalRank)
    {
        var phase = Clock.PhaseAt(at);
        if (phase < 0) return;
        For(store, mode).Relevance[phase].Add(recall, reciprocalRank);
        For(store, mode).RecallSeries.Record(at, recall);
    }

    /// <summary>A sampled query's recall against the exact top k, by when it was sent.</summary>
    public void RecallExact(string store, SearchMode mode, TimeSpan sentAt, double recall)
    {
        var phase = Clock.PhaseAt(sentAt);
        if (phase >= 0) For(store, mode).RecallExact[phase].Add(recall);
    }

    public void RecallExactSkipped(string store, SearchMode mode, TimeSpan sentAt, string reason)
    {
        var phase = Clock.PhaseAt(sentAt);
        if (phase >= 0) For(store, mode).RecallExact[phase].Skip(reason);
    }

    private KeyValuePair<string, object?>[] Tags(string store, SearchMode mode, int phase) =>
        [new("store", store), new("mode", mode.Name()), new("phase", Clock.Phases[phase].Name)];
}

/// <summary>One store and mode: a cell per phase, the whole run's freshness, and the series for the chart.</summary>
public sealed class StoreModeMeasurements(int phases, TimeSpan seriesInterval)
{
    public QueryCell[] Queries { get; } = [.. Enumerable.Range(0, phases).Select(_ => new QueryCell())];

    /// <summary>Per phase, the capacity search's answer (null: no search ran).</summary>
    public CapacityResult?[] Capacity { get; } = new CapacityResult?[phases];
    public FreshnessCell[] Freshness { get; } = [.. Enumerable.Range(0, phases).Select(_ => new FreshnessCell())];
    public RelevanceCell[] Relevance { get; } = [.. Enumerable.Range(0, phases).Select(_ => new RelevanceCell())];
    public FreshnessCell FreshnessOverall { get; } = new();
    public ExactRecallCell[] RecallExact { get; } = [.. Enumerable.Range(0, phases).Select(_ => new ExactRecallCell())];
    public LatencySeries QuerySeries { get; } = new(seriesInterval);
    public LatencySeries FreshnessSeries { get; } = new(seriesInterval);
    public CountSeries ErrorSeries { get; } = new(seriesInterval);
    public MeanSeries RecallSeries { get; } = new(seriesInterval);

    /// <summary>The last progress interval's queries.</summary>
    public RecentQueries Recent { get; } = new();
}
