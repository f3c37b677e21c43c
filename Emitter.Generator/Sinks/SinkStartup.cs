using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks;

/// <summary>
/// Initializes every sink before the first entry. Each sink waits out its server's transient
/// setup failures with the one setup profile (<see cref="LogSink"/>, the same patience for all);
/// one that still cannot start stops the run with its name and reason
/// (<see cref="SinkSetupException"/>, exit 1) instead of a stack trace.
/// </summary>
public static class SinkStartup
{
    public static async Task InitializeAsync(IEnumerable<ILogSink> sinks, SinkContext context, CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            try
            {
                await sink.InitializeAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ConfigException and not SinkSetupException and not OperationCanceledException)
            {
                throw new SinkSetupException($"Sink {sink.Name} could not start: {e.Message}", e);
            }
        }
    }
}
