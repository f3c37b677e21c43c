namespace Emitter.Generator.Sinks;

/// <summary>
/// Thrown by a sink that is a live view rather than storage (the dashboard) when it could not
/// take a batch: the pipeline counts the batch's entries as dropped, with
/// <see cref="Exception.Message"/> as the reason, and does not retry it. Dropped entries do not
/// make the run fail; they are reported in the summary.
/// </summary>
public sealed class BatchDroppedException(string reason, Exception? inner = null) : Exception(reason, inner);
