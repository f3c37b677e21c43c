using System.Text.Json;
using Emitter.Dashboard.Contract;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Dashboard;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Bench.Live;

/// <summary>
/// The bench's live view on the Emitter dashboard: from the first phase on, about once a second,
/// a snapshot of the phase in progress (per store and mode: query p50/p99, freshness, and with
/// bench.capacity the capacity search's last step and its answer) is POSTed to the /bench of every
/// dashboard sink's server, and a last one when the run ends. Like the
/// dashboard sink, a dashboard that is down, slow or refusing costs a snapshot, dropped and
/// counted, never retried: the feed runs beside the bench and never holds it up.
/// </summary>
public sealed class BenchDashboardFeed : IAsyncDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <summary>The end-of-run snapshot waits at most this long (or the sink's timeout, if shorter).</summary>
    private static readonly TimeSpan FinalLimit = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Uri> _targets;
    private readonly IReadOnlyList<string?> _tokens;
    private readonly BenchMeasurements _measurements;
    private readonly IReadOnlyList<string> _stores;
    private readonly IReadOnlyList<SearchMode> _modes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _start, _sent, _dropped;
    private string? _firstError;
    private bool _failing;
    private readonly BenchCapacityTarget? _capacityTarget;
    // Per store and mode, its search's last step (one row each, so bounded by the stores and modes searched).
    private readonly Dictionary<(string Store, string Mode), BenchCapacityFigures> _capacity = [];
    private readonly Lock _capacityLock = new();

    /// <param name="dashboards">The dashboards' base addresses (/bench is resolved against each).</param>
    /// <param name="tokens">Each dashboard's ingest token (null: none).</param>
    /// <param name="capacity">bench.capacity, whose target the page shows beside each step (null: none, or not known here).</param>
    public BenchDashboardFeed(IReadOnlyList<Uri> dashboards, TimeSpan timeout, BenchMeasurements measurements, IReadOnlyList<string> stores,
        IReadOnlyList<SearchMode> modes, TimeProvider time, ILogger logger, TimeSpan? interval = null, IReadOnlyList<string?>? tokens = null,
        CapacitySettings? capacity = null)
    {
        _capacityTarget = capacity is null ? null : new BenchCapacityTarget(capacity.SloP99Ms, capacity.MaxErrorRate);
        _tokens = tokens ?? dashboards.Select(_ => (string?)null).ToList();
        _targets = dashboards.Select(d => new Uri(new Uri(d.AbsoluteUri.TrimEnd('/') + "/"), BenchJson.Path.TrimStart('/'))).ToList();
        _measurements = measurements;
        _stores = stores;
        _modes = modes;
        _time = time;
        _logger = logger;
        _interval = interval ?? DefaultInterval;
        _timeout = timeout;
        _http = DashboardPost.Client(timeout);
    }

    /// <summary>Where snapshots go (each dashboard's /bench).</summary>
    public IReadOnlyList<Uri> Targets => _targets;

    public long Sent => Interlocked.Read(ref _sent);
    public long Dropped => Interlocked.Read(ref _dropped);
    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>
    /// A feed to every dashboard sink among <paramref name="sinks"/>, started when <paramref name="bench"/>'s first phase begins,
    /// taking each capacity step as the search completes it; null without one.
    /// </summary>
    public static BenchDashboardFeed? For(BenchRun bench, IEnumerable<ILogSink> sinks, IReadOnlyList<string> stores, IReadOnlyList<SearchMode> modes, TimeProvider time, ILogger logger,
        CapacitySettings? capacity = null)
    {
        var dashboards = sinks.OfType<DashboardSink>().ToList();
        if (dashboards.Count == 0) return null;
        var feed = new BenchDashboardFeed(dashboards.Select(d => new Uri(d.IngestUri, ".")).ToList(), dashboards.Max(d => d.Timeout),
            bench.Measurements, stores, modes, time, logger, tokens: dashboards.Select(d => d.Token).ToList(), capacity: capacity);
        bench.PhaseStarted += (index, _) =>
        {
            if (index == 0) feed.Start(time.GetTimestamp());
        };
        bench.CapacityStepped += feed.Stepped;
        return feed;
    }

    /// <summary>A capacity step completed (or a search ended): the next snapshot shows it in its store and mode's row.</summary>
    public void Stepped(CapacityProgress progress)
    {
        var key = (progress.Sink, progress.Mode);
        lock (_capacityLock)
        {
            // The best rate so far counts within the phase: a new phase's search starts over.
            var best = _capacity.TryGetValue(key, out var last) && last.Phase == progress.PhaseName ? last.BestQps : null;
            if (progress.Step.Passed && !(best >= progress.Step.Qps)) best = progress.Step.Qps;
            _capacity[key] = new BenchCapacityFigures(progress.Sink, progress.Mode, progress.PhaseName, progress.StepIndex + 1, progress.Step.Qps,
                progress.Step.Queries, progress.Step.P99Ms, progress.Step.ErrorRate, progress.Step.Passed, progress.Step.P99Censored, best,
                progress.Done, progress.Done ? progress.MaxQpsAtSlo ?? best ?? 0 : null);
        }
    }

    /// <summary>The capacity rows in the stores' and modes' order (null: no step yet).</summary>
    private List<BenchCapacityFigures>? CapacityRows()
    {
        lock (_capacityLock)
        {
            if (_capacity.Count == 0) return null;
            return [.. _capacity.Values
                .OrderBy(r => Rank(_stores, r.Store)).ThenBy(r => r.Store, StringComparer.Ordinal)
                .ThenBy(r => Rank(_modes.Select(m => m.Name()), r.Mode))];
        }

        static int Rank(IEnumerable<string> names, string name) => names.ToList().IndexOf(name) is var at and >= 0 ? at : int.MaxValue;
    }

    /// <summary>Starts sending; <paramref name="start"/> is when the first phase began.</summary>
    public void Start(long start)
    {
        _start = start;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>The figures now: the phase in progress, per store and mode.</summary>
    internal BenchSnapshot Snapshot(bool finished)
    {
        var clock = _measurements.Clock;
        var elapsed = _time.GetElapsedTime(_start);
        var phase = Math.Max(0, clock.PhaseAt(elapsed));
        var rows = new List<BenchStoreFigures>();
        foreach (var store in _stores)
        {
            foreach (var mode in _modes)
            {
                var cells = _measurements.For(store, mode);
                var queries = cells.Queries[phase];
                var latency = queries.Latency.Snapshot();
                var freshness = cells.Freshness[phase];
                var fresh = freshness.Latency.Snapshot();
                rows.Add(new BenchStoreFigures(store, mode.Name(), latency.Count, queries.Errors, latency.P50Ms, latency.P99Ms,
                    fresh.Count, freshness.Missing, fresh.P50Ms, fresh.P99Ms));
            }
        }
        return new BenchSnapshot(_time.GetUtcNow(), clock.Phases[phase].Name, phase, clock.Phases.Select(p => p.Name).ToList(),
            Math.Round(Math.Min(elapsed.TotalSeconds, clock.Duration.TotalSeconds), 3), clock.Duration.TotalSeconds, finished, rows, CapacityRows(), _capacityTarget);
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await SendAsync(Snapshot(finished: false), _timeout, stop).ConfigureAwait(false);
                await Task.Delay(_interval, _time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(BenchSnapshot snapshot, TimeSpan timeout, CancellationToken stop)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(snapshot, BenchJson.Default.BenchSnapshot);
        for (var i = 0; i < _targets.Count; i++)
        {
            var target = _targets[i];
            if (await DashboardPost.SendAsync(_http, target, _tokens[i], body, timeout, stop).ConfigureAwait(false) is not { } problem)
            {
                Interlocked.Increment(ref _sent);
                if (_failing) _logger.LogInformation("Bench live view: the dashboard at {Address} answers again", SinkUrls.Redact(target)); // never its user information
                _failing = false;
                continue;
            }
            Interlocked.Increment(ref _dropped);
            Interlocked.CompareExchange(ref _firstError, problem, null);
            // One log line per outage, not one per snapshot.
            if (!_failing) _logger.LogWarning("Bench live view: {Problem}; snapshots are dropped (and counted) until it answers", problem);
            _failing = true;
        }
    }

    /// <summary>Stops the loop and sends the last snapshot (the phases are over), then reports what was dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_start != 0)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            await SendAsync(Snapshot(finished: true), _timeout < FinalLimit ? _timeout : FinalLimit, CancellationToken.None).ConfigureAwait(false);
            if (Dropped > 0)
                _logger.LogWarning("Bench live view: {Dropped} of {Total} snapshots dropped; first reason: {Reason}", Dropped, Dropped + Sent, FirstError);
        }
        _http.Dispose();
        _stop.Dispose();
    }
}
