namespace Emitter.Generator.Sinks;

/// <summary>
/// The names every sink stores an entry's W3C trace context under (stdout JSON fields, Qdrant
/// payload keys, Elasticsearch keyword fields, pgvector text columns), as lower-case hex:
/// 32 digits for the trace id, 16 for the span id. Entries without trace context (a bench's
/// pre-seed, markers and needles) have neither: the fields are left out, the columns null.
/// </summary>
public static class TraceFields
{
    public const string TraceId = "trace_id";
    public const string SpanId = "span_id";
}
