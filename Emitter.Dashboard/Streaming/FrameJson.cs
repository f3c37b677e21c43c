using System.Numerics;
using System.Text.Json;
using Emitter.Dashboard.Contract;

namespace Emitter.Dashboard.Streaming;

/// <summary>What flush and backlog frames write the same way: counts by key, and entries.</summary>
internal static class FrameJson
{
    public static void WriteCounts<T>(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, T>> counts)
        where T : IBinaryInteger<T>
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in counts) json.WriteNumber(key, long.CreateTruncating(count));
        json.WriteEndObject();
    }

    public static void WriteEntries(Utf8JsonWriter json, IEnumerable<IngestEntry> entries)
    {
        json.WriteStartArray("entries");
        foreach (var entry in entries)
        {
            json.WriteStartObject();
            json.WriteString("id", entry.Id);
            json.WriteString("timestamp", entry.Timestamp);
            json.WriteString("service", entry.Service);
            json.WriteString("level", entry.Level);
            json.WriteString("message", entry.Message);
            if (entry.TraceId is not null) json.WriteString("trace_id", entry.TraceId);
            if (entry.SpanId is not null) json.WriteString("span_id", entry.SpanId);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
