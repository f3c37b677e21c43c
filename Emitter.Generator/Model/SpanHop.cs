namespace Emitter.Generator.Model;

/// <summary>
/// One service hop of a request as a span, carried by the entry that opens it (the request walker
/// knows a span's parent and how it ended; an exporter of spans needs both): the caller's span
/// (zero for the root), how long the hop lasted from that entry's timestamp, and whether the
/// request failed there or below it.
/// </summary>
public readonly record struct SpanHop(ulong ParentSpanId, long DurationTicks, bool Failed)
{
    /// <summary>Whether this entry opens a span (every hop lasts at least the walker's minimum hop).</summary>
    public bool Opens => DurationTicks > 0;
}
