namespace Emitter.Dashboard.Streaming;

/// <summary>One WebSocket text message, serialised once and shared by every client's queue.</summary>
/// <param name="Entries">Log entries it carries: what a client misses if the frame is dropped.</param>
/// <param name="Flush">A flush frame (counted as a missed flush when dropped); false for bench frames.</param>
public sealed record OutboundFrame(ReadOnlyMemory<byte> Json, int Entries, bool Flush = true);
