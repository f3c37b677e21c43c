using Emitter.Generator.Configuration;
using Emitter.Generator.Bench.Driver;
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
        var cell = cells.Queries[phase];
        if (outcome.Kind is var failure && failure != QueryFailure.None)
        {
            cell.Fail(failure, outcome.Error!);
            cells.ErrorSeries.Record(outcome.ScheduledAt);
            cells.Recent.Fail();
        }
        else
        {
            cell.Ok.Record(outcome.Latency);
            cells.Recent.Record(outcome.Latency);
        }
        // Every due query is in the figures and the chart's series, a failed one at its timeout (censored).
        cell.Latency.Record(outcome.Latency);
        if (outcome.Lateness is { } lateness) cell.Lateness.Record(lateness);
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
