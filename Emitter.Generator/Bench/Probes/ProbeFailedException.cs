namespace Emitter.Generator.Bench.Probes;

/// <summary>A probe without an answer (timed out, refused, failed): the probers count it as one more try that did not find.</summary>
public sealed class ProbeFailedException(string message) : Exception(message);
