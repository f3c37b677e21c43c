namespace Emitter.Generator.Sinks;

/// <summary>A sink that could not be set up (server unreachable past the startup patience, permission denied...).</summary>
public sealed class SinkStartupException(string message, Exception inner) : Exception(message, inner);
