using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks;

/// <summary>
/// What the process gives sinks: the standard output stream (the stdout sink's, nobody else's),
/// logging, time, and the generator host's services (clients an app host's integrations registered).
/// </summary>
public sealed record SinkServices(Stream Stdout, ILoggerFactory Loggers, TimeProvider Time, IServiceProvider? Host = null)
{
    /// <summary>The embedding config's dimensions when known, so a sink can refuse what they rule out before the pool is embedded.</summary>
    public int? EmbeddingDimensions { get; init; }

    /// <summary>This process's part of a sharded run (an OTLP resource's service.instance.id).</summary>
    public Configuration.Shard Shard { get; init; } = Configuration.Shard.None;
}
