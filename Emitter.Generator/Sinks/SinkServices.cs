using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks;

/// <summary>What the process gives sinks: the standard output stream (the stdout sink's, nobody else's), logging and time.</summary>
public sealed record SinkServices(Stream Stdout, ILoggerFactory Loggers, TimeProvider Time);
