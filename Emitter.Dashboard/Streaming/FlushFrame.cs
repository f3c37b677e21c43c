using System.Buffers;
using System.Text.Json;
using Emitter.Dashboard.Contract;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// The frame browsers receive per flush. Its top level is the original dashboard's per-flush
/// summary (timestamp, total_count, by_service, by_level, duration_ms), so a client written for
/// the original still reads it; Emitter adds the flush metadata and the entries themselves.
/// </summary>
public static class FlushFrame
{
    public const string Type = "flush";

    internal static OutboundFrame Create(IngestBatch batch, DateTimeOffset receivedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + batch.Entries.Count * 200);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", Type);
            json.WriteString("timestamp", batch.SealedAt);
            json.WriteNumber("total_count", batch.Entries.Count);
            FrameJson.WriteCounts(json, "by_service", batch.Entries.CountBy(e => e.Service, StringComparer.Ordinal));
            FrameJson.WriteCounts(json, "by_level", batch.Entries.CountBy(e => e.Level, StringComparer.Ordinal));
            // Seal to arrival here: the flush's latency as the dashboard sees it.
            json.WriteNumber("duration_ms", Math.Round(Math.Max(0, (receivedAt - batch.SealedAt).TotalMilliseconds), 3));
            json.WriteNumber("sequence", batch.Sequence);
            json.WriteString("sealed_at", batch.SealedAt);
            json.WriteString("received_at", receivedAt);
            FrameJson.WriteEntries(json, batch.Entries);
            json.WriteEndObject();
        }
        return new OutboundFrame(buffer.WrittenMemory, batch.Entries.Count);
    }
}
