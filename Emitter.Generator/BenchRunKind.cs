using Emitter.Generator.Bench;
using Emitter.Generator.Bench.Live;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Reporting;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator;

/// <summary>
/// A bench run's part in the stages: each searched sink gets a target of the run's own, every
/// store a search store (and a second one, on connections of its own, for the probes), the pool
/// its needles, markers and queries; the bench runs around the emitters; its summary names what
/// each store is, and its chart and the report page are written beside the summary file.
/// </summary>
internal sealed class BenchRunKind : RunKind
{
    private EmitterConfig _config;
    private BenchConfig _bench;
    private readonly SinkCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly List<ISearchStore> _stores = [];
    private readonly List<ISearchStore> _probeStores = [];
    private BenchPlan? _plan;

    public BenchRunKind(EmitterConfig config, BenchConfig bench, SinkCatalog catalog, TimeProvider time)
    {
        _config = config;
        _bench = bench;
        _catalog = catalog;
        _time = time;
        Sinks = catalog.PrepareSinks(config.Sinks, SinkCatalog.RunTarget(time));
    }

    public override void CreateStores(SinkServices services)
    {
        _catalog.RefuseUnanswerable(Sinks, _bench.Queries.Modes, _config.SourceFile);
        _stores.AddRange(_catalog.CreateSearchStores(Sinks, services, _config.SourceFile, DeferIndexes, _bench.Queries.Shape));
        _probeStores.AddRange(_catalog.CreateSearchStores(Sinks, services, _config.SourceFile, DeferIndexes, _bench.Queries.Shape));
        // A capacity phase lasts its searches' bound, which grows with the stores searched (checked before anything connects).
        _bench = _bench.ForStores(_stores.Count);
        _config = _config with { Bench = _bench };
    }

    public override IReadOnlyList<SinkConfig> Sinks { get; }

    public override bool DeferIndexes => _bench.BuildIndexesAfterPreseed;

    private BenchPlan BenchPlan => _plan ?? throw new InvalidOperationException("Plan was not called.");

    // A bench's queries are embedded with the pool, through the same cache (a config has a bench or incidents, not both).
    public override MessagePool Plan(MessagePool pool, IncidentFamilies families, ulong seed) => (_plan = BenchPlan.Create(pool, _bench, seed)).EmbeddingPool;

    public override (MessagePool Sinks, MessagePool Draws) Embedded(MessagePool embedded, MessagePool pool, IncidentFamilies families)
    {
        BenchPlan.Embedded(embedded.Embedding!);
        return (BenchPlan.SinkPool, BenchPlan.DrawPool);
    }

    public override async Task InitializeAsync(SinkContext context, CancellationToken stop)
    {
        foreach (var store in _stores.Concat(_probeStores)) await store.InitializeAsync(context, stop);
    }

    public override (IRunPlan Plan, IAsyncDisposable? Watcher) RunPlan(ulong seed, IEnumerable<ILogSink> sinks, ILogger logger)
    {
        var run = new BenchRun(BenchPlan, _stores, _config, seed, _time, logger, _probeStores)
        {
            Targets = BenchTarget.Of(_catalog.Targets(_config.Sinks, Sinks)),
        };
        return (new BenchRunPlan(run), BenchDashboardFeed.For(run, sinks, _stores.Select(s => s.Name).ToList(), _bench.Queries.Modes, _time, logger, _bench.Capacity));
    }

    public override async Task<RunSummary> DescribeAsync(RunSummary summary, ILogger logger) => summary.Bench is { } described
        ? summary with { Bench = described with { Stores = await StoreDescriber.DescribeAsync(Sinks, _stores, logger, CancellationToken.None) } }
        : summary;

    public override void WriteBeside(string summaryPath, string? reportPath, RunSummary summary, ILogger logger)
    {
        if (summary.Bench is not { } results) return;
        BenchChart.Write(results, BenchChart.PathBeside(summaryPath), logger);
        Report.ReportCommand.WriteBeside(summaryPath, reportPath, logger);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Concat(_probeStores)) await store.DisposeAsync();
    }
}
