namespace Emitter.Dashboard.Streaming;

/// <summary>One WebSocket text message, serialised once and shared by every client's queue.</summary>
/// <param name="Entries">Log entries it carries: what a client misses if the frame is dropped.</param>
public sealed record OutboundFrame(ReadOnlyMemory<byte> Json, int Entries);
