namespace Emitter.Generator.Sinks.OpenSearch;

/// <summary>OpenSearch still answered "not now" (429, 5xx, no answer) after the sink's own retries: the pipeline retries the batch.</summary>
public sealed class OpenSearchRetryableException(string message, Exception? inner = null) : Exception(message, inner);
