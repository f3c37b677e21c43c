using System.Buffers;
using System.Text.Json;

namespace Emitter.Dashboard.Streaming;

/// <summary>Tells a client what it missed since its last frame because it read too slowly: <c>{"type":"missed","entries":N,"flushes":M,"total_entries":T}</c>.</summary>
public static class MissedFrame
{
    public const string Type = "missed";

    public static ReadOnlyMemory<byte> Create(long entries, long flushes, long totalEntries)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", Type);
            json.WriteNumber("entries", entries);
            json.WriteNumber("flushes", flushes);
            json.WriteNumber("total_entries", totalEntries);
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
