using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.OpenSearch;

/// <summary>A search OpenSearch answered with an error (Status) or not at all (null): status, type and reason, never credentials.</summary>
public sealed class OpenSearchSearchException(string message, int? status = null) : Exception(message), ISearchAnswer
{
    public int? Status { get; } = status;
}
