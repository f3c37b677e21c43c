using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator;

/// <summary>
/// The run's sinks from their creation to their disposal: made from the config (with the run
/// kind's search stores after them), initialized against the embedded pool, each behind its
/// pipeline, and a destination gone for good stopping the run.
/// </summary>
internal sealed class RunSinks(TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly List<(ILogSink Sink, SinkConfig Config)> _sinks = [];
    private readonly List<SinkPipeline> _pipelines = [];
    private readonly List<CancellationTokenRegistration> _stopWhenGone = [];

    public IEnumerable<ILogSink> Sinks => _sinks.Select(s => s.Sink);

    public IReadOnlyList<SinkPipeline> Pipelines => _pipelines;

    /// <summary>Every sink the run kind writes to, then its own search stores: made, nothing connected yet.</summary>
    public void Create(SinkCatalog catalog, RunKind kind, SinkServices services)
    {
        _sinks.AddRange(kind.Sinks.Select(s => (catalog.Create(s, services, kind.DeferIndexes), s)));
        kind.CreateStores(services);
    }

    /// <summary>Sinks and stores set up (tables, indexes, collections) against the embedded pool, then each sink's pipeline.</summary>
    public async Task StartAsync(RunKind kind, SinkContext context, CancellationTokenSource stopRun, CancellationToken stop)
    {
        await SinkStartup.InitializeAsync(Sinks, context, stop);
        await kind.InitializeAsync(context, stop);
        _pipelines.AddRange(_sinks.Select(s => new SinkPipeline(s.Sink, s.Config, time, logger)));
        // A destination gone for good (stdout closed by its reader) ends the run, as it ends a command-line tool.
        foreach (var pipeline in _pipelines) _stopWhenGone.Add(pipeline.DestinationGone.Register(static s => ((CancellationTokenSource)s!).Cancel(), stopRun));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registration in _stopWhenGone) await registration.DisposeAsync();
        _stopWhenGone.Clear();
        // A sink whose writer is still stuck in a write the drain gave up on is left to the process exit, not disposed under it.
        foreach (var (sink, _) in _sinks.Where(s => !_pipelines.Any(p => p.Sink == s.Sink && p.StillWriting))) await sink.DisposeAsync();
        _sinks.Clear();
    }
}
