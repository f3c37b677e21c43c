namespace Emitter.Generator.Sinks;

/// <summary>
/// Thrown by a sink when part of a batch was written and the rest failed for good (for example
/// Elasticsearch items rejected by the mapping): the pipeline counts the written entries as
/// delivered and <see cref="FailedEntries"/> as failed with <see cref="Exception.Message"/> as
/// the reason, and does not retry the batch.
/// </summary>
public sealed class PartialBatchFailureException(int failedEntries, string reason) : Exception(reason)
{
    public int FailedEntries { get; } = failedEntries;
}
