using Emitter.Generator.Batching;

namespace Emitter.Generator.Sinks;

/// <summary>
/// A destination for batches. The pipeline gives each sink its own queue and writer task, so
/// a sink sees one <see cref="WriteAsync"/> at a time unless it parallelises inside itself.
/// </summary>
public interface ILogSink : IAsyncDisposable
{
    /// <summary>The name the summary reports the sink under (its type, or the configured name).</summary>
    string Name { get; }

    /// <summary>Runs once before the first batch: create tables or indexes, check dimensions.</summary>
    Task InitializeAsync(SinkContext context, CancellationToken cancellationToken);

    /// <summary>Writes a whole batch; throws when it could not. Must be safe to call again with the same batch.</summary>
    Task WriteAsync(Batch batch, CancellationToken cancellationToken);

    /// <summary>Whether a failure of <see cref="WriteAsync"/> is worth retrying (network, 429, 5xx).</summary>
    bool IsTransient(Exception exception);

    /// <summary>
    /// Up to how many entries one write may take when batches are already waiting in the sink's
    /// queue: the pipeline then hands them over as one, so a sink that fell behind pays its
    /// per-write cost (a transaction's commit) once for several. 0: one batch per write.
    /// </summary>
    int CoalesceEntries => 0;

    /// <summary>
    /// A live view (the dashboard), not storage: whatever it could not take, including what is
    /// left when the grace period ends, is counted dropped with the reason, never failed, so it
    /// never fails the run.
    /// </summary>
    bool IsLiveView => false;
}
