using System.Buffers;
using System.Text.Json;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.Bulk;

/// <summary>Entries as index documents {timestamp, service, level, message, trace_id, span_id, dense}; the entry id is the document's _id. No dense in keyword mode.</summary>
public sealed class BulkDocuments(EmbeddingInfo embedding, bool withVectors = true)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly float[] _vector = new float[embedding.Dimensions];

    /// <summary>Bytes of the action line a document costs besides itself (<c>{"index":{"_id":"..."}}</c> and newlines).</summary>
    public const int ActionBytes = 64;

    public BulkDocument Encode(in LogEntry entry)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteString("timestamp"u8, entry.Timestamp.UtcDateTime);
            json.WriteString("service"u8, entry.Service);
            json.WriteString("level"u8, entry.Level.Name());
            json.WriteString("message"u8, entry.Text);
            if (entry.HasTrace)
            {
                json.WriteString(TraceFields.TraceId, TraceIds.Hex(entry.TraceId));
                json.WriteString(TraceFields.SpanId, TraceIds.Hex(entry.SpanId));
            }
            if (withVectors)
            {
                EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, embedding.Jitter, _vector);
                json.WriteStartArray("dense"u8);
                foreach (var value in _vector) json.WriteNumberValue(value);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return new BulkDocument(entry.Id.ToString(), _buffer.WrittenSpan.ToArray());
    }

    /// <summary>Splits documents into <c>_bulk</c> bodies of at most <paramref name="maxBytes"/> (a larger single document goes alone).</summary>
    public static List<List<BulkDocument>> Requests(IEnumerable<BulkDocument> documents, int maxBytes)
    {
        var requests = new List<List<BulkDocument>>();
        List<BulkDocument>? current = null;
        long bytes = 0;
        foreach (var document in documents)
        {
            var size = document.Json.Length + ActionBytes;
            if (current is null || (bytes + size > maxBytes && current.Count > 0))
            {
                current = [];
                requests.Add(current);
                bytes = 0;
            }
            current.Add(document);
            bytes += size;
        }
        return requests;
    }
}
