using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Reporting;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator;

/// <summary>
/// What the kind of run a config asks for changes in <see cref="GeneratorApp"/>'s stages: the sinks
/// it writes to, the messages it adds to the pool, what runs around the emitters
/// (<see cref="IRunPlan"/>) and what it adds to the summary and beside it. A plain run adds
/// nothing; a bench (<see cref="BenchRunKind"/>) adds its search stores, its markers, needles and
/// queries, its reads and its results.
/// </summary>
internal abstract class RunKind : IAsyncDisposable
{
    public static RunKind For(EmitterConfig config, SinkCatalog catalog, TimeProvider time) =>
        config.Bench is { } bench ? new BenchRunKind(config, bench, catalog, time) : new Plain(config);

    /// <summary>The sinks as this run writes to them (a bench may give each a table of its own).</summary>
    public abstract IReadOnlyList<SinkConfig> Sinks { get; }

    /// <summary>Stores load without their search indexes, built later (a bench after its pre-seed).</summary>
    public virtual bool DeferIndexes => false;

    /// <summary>After the sinks are made: this run's own connections to the stores (made, not yet opened).</summary>
    public virtual void CreateStores(SinkServices services)
    {
    }

    /// <summary>The pool with what this run adds to it, before anything is embedded: what is embedded, in one pass.</summary>
    public abstract MessagePool Plan(MessagePool pool, IncidentFamilies families, ulong seed);

    /// <summary>
    /// Once what <see cref="Plan"/> gave is embedded (<paramref name="embedded"/>): the embedded pools the sinks encode
    /// from and the emitters draw from, made from it, not patched.
    /// </summary>
    public abstract (MessagePool Sinks, MessagePool Draws) Embedded(MessagePool embedded, MessagePool pool, IncidentFamilies families);

    /// <summary>After the sinks: this run's own connections to the stores.</summary>
    public virtual Task InitializeAsync(SinkContext context, CancellationToken stop) => Task.CompletedTask;

    /// <summary>What runs around the emitters, and anything that watches it (a bench's live view) until disposed.</summary>
    public abstract (IRunPlan Plan, IAsyncDisposable? Watcher) RunPlan(ulong seed, IEnumerable<ILogSink> sinks, ILogger logger);

    /// <summary>The summary completed with what only this run knows after the run (a bench: what each store is).</summary>
    public virtual Task<RunSummary> DescribeAsync(RunSummary summary, ILogger logger) => Task.FromResult(summary);

    /// <summary>Files written beside the summary file (a bench: its chart and the report page).</summary>
    public virtual void WriteBeside(string summaryPath, string? reportPath, RunSummary summary, ILogger logger)
    {
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A run that only writes: the configured sinks, the pool and the incidents' messages, nothing around the emitters.</summary>
    private sealed class Plain(EmitterConfig config) : RunKind
    {
        public override IReadOnlyList<SinkConfig> Sinks => config.Sinks;

        public override MessagePool Plan(MessagePool pool, IncidentFamilies families, ulong seed) => families.Pool;

        public override (MessagePool Sinks, MessagePool Draws) Embedded(MessagePool embedded, MessagePool pool, IncidentFamilies families) =>
            (embedded, pool.WithEmbedding(embedded.Embedding!));

        public override (IRunPlan Plan, IAsyncDisposable? Watcher) RunPlan(ulong seed, IEnumerable<ILogSink> sinks, ILogger logger) => (new PlainRunPlan(config), null);
    }
}
