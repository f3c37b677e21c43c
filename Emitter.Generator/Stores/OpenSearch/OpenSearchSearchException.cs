using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>A search OpenSearch answered with an error (or not at all): status, type and reason, never credentials.</summary>
public sealed class OpenSearchSearchException(string message) : Exception(message);
