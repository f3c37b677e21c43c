using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>A slice's write outlasted its timeout once its connection was open; transient (the inner exception says so) until the last try.</summary>
public sealed class PgVectorWriteTimeoutException(Exception inner) : Exception(inner.Message, inner);
