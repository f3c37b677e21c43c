namespace Emitter.Generator.Sinks;

/// <summary>
/// A sink could not get ready (server unreachable after retrying, authentication refused,
/// a required extension missing): the run stops before emitting, with exit code 1 and this
/// message, which says what to do and holds no secret.
/// </summary>
public sealed class SinkUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
