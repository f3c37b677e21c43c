using Emitter.Generator.Batching;
using Emitter.Generator.Model;

namespace Emitter.Generator.Sinks;

/// <summary>
/// A destination for batches. The pipeline gives each sink its own queue and writer task, so
/// a sink sees one <see cref="WriteAsync"/> at a time unless it parallelises inside itself.
/// The pipeline alone retries (the write profile of <see cref="Resilience.RetryPolicies"/>):
/// a sink makes one attempt per call and says in its <see cref="WriteResult"/> what is left.
/// Derive from <see cref="LogSink"/> for the shared parts.
/// </summary>
public interface ILogSink : IAsyncDisposable
{
    /// <summary>The name the summary reports the sink under (its type, or the configured name).</summary>
    string Name { get; }

    /// <summary>Storage, or a live view whose losses are dropped, never failed.</summary>
    SinkKind Kind => SinkKind.Store;

    /// <summary>
    /// Up to how many entries one write may take when batches are already waiting in the sink's
    /// queue: the pipeline then hands them over as one, so a sink that fell behind pays its
    /// per-write cost (a transaction's commit) once for several. 0: one batch per write.
    /// </summary>
    int CoalesceEntries => 0;

    /// <summary>
    /// Runs once before the first batch: create tables or indexes, check dimensions. Waits for a
    /// server that is not ready yet within <see cref="Resilience.RetryPolicies.SetupPatience"/>;
    /// throws <see cref="SinkSetupException"/> (exit 1) or a ConfigException (exit 2) otherwise.
    /// </summary>
    Task InitializeAsync(SinkContext context, CancellationToken cancellationToken);

    /// <summary>
    /// One attempt at <paramref name="batch"/> (the first, or what an earlier attempt left). An
    /// exception means the whole batch failed for good with its message; anything else, including
    /// "not now", is said by the result.
    /// </summary>
    Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken);
}
