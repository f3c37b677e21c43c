namespace Emitter.Generator.Sinks;

/// <summary>
/// A sink that retries inside a write (per item, per request) rather than letting the pipeline
/// retry the whole batch; its retries are added to the summary's <c>retried</c>.
/// </summary>
public interface ICountsOwnRetries
{
    long Retries { get; }
}
