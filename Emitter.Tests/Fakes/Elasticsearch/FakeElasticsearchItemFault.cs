namespace Emitter.Tests.Fakes;

/// <summary>A per-item <c>_bulk</c> result the fake gives instead of storing the document.</summary>
public sealed record FakeElasticsearchItemFault(int Status, string Type, string Reason)
{
    public static FakeElasticsearchItemFault TooManyRequests { get; } = new(429, "es_rejected_execution_exception",
        "rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1, max_coordinating_and_primary_bytes=0]");

    public static FakeElasticsearchItemFault Unavailable { get; } = new(503, "unavailable_shards_exception", "[logs][0] primary shard is not active");

    public static FakeElasticsearchItemFault MappingRejected { get; } = new(400, "document_parsing_exception",
        "[1:42] failed to parse field [level] of type [keyword] in document: fake permanent rejection");
}
