namespace Emitter.Generator.Sinks;

/// <summary>
/// A sink could not get ready (server unreachable, refused credentials, setup rejected): the
/// run stops before emitting, with this message (it names the sink and never a secret) and exit 1.
/// </summary>
public sealed class SinkSetupException(string message, Exception? inner = null) : Exception(message, inner);
