using System.Buffers;
using System.Text.Json;

namespace Emitter.Dashboard.Streaming;

/// <summary>
/// The one frame a client gets on connect, before any flush frame: the dashboard's totals since
/// it started and the newest entries it kept, oldest first, shaped as in flush frames:
/// <c>{"type":"backlog","total_count":T,"flushes":F,"by_service":{..},"by_level":{..},"entries":[..]}</c>.
/// </summary>
public static class BacklogFrame
{
    public const string Type = "backlog";

    internal static ReadOnlyMemory<byte> Create(BacklogSnapshot backlog)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + backlog.Entries.Count * 200);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", Type);
            json.WriteNumber("total_count", backlog.TotalEntries);
            json.WriteNumber("flushes", backlog.Flushes);
            FrameJson.WriteCounts(json, "by_service", backlog.ByService);
            FrameJson.WriteCounts(json, "by_level", backlog.ByLevel);
            FrameJson.WriteEntries(json, backlog.Entries);
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
