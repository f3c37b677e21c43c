namespace Emitter.Generator.Sinks.Elasticsearch;

/// <summary>Elasticsearch still answered "not now" (429, 5xx, no answer) after the sink's own retries: the pipeline retries the batch.</summary>
public sealed class ElasticsearchRetryableException(string message) : Exception(message);
