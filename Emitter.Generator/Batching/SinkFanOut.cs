using Emitter.Generator.Model;

namespace Emitter.Generator.Batching;

/// <summary>Hands every sealed batch to every sink's queue.</summary>
public sealed class SinkFanOut(IReadOnlyList<SinkPipeline> pipelines)
{
    public IReadOnlyList<SinkPipeline> Pipelines { get; } = pipelines;

    /// <param name="hardStop">Fires only when shutdown's grace period is over; a batch that a blocked queue could not take by then is given up for that sink (counted failed, or dropped for a live view).</param>
    public async ValueTask PublishAsync(Batch batch, CancellationToken hardStop)
    {
        foreach (var pipeline in Pipelines)
        {
            try
            {
                await pipeline.EnqueueAsync(batch, hardStop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                pipeline.GiveUp(batch.Count, "the shutdown grace period ended before the sink's queue had room");
            }
        }
    }
}
