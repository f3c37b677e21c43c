using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Elasticsearch;

/// <summary>A search Elasticsearch answered with an error (Status) or not at all (null): status, type and reason, never credentials.</summary>
public sealed class ElasticsearchSearchException(string message, int? status = null) : Exception(message), ISearchAnswer
{
    public int? Status { get; } = status;
}
