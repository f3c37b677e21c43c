using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>A search Elasticsearch answered with an error: status, type and reason, never credentials.</summary>
public sealed class ElasticsearchSearchException(string message) : Exception(message);
