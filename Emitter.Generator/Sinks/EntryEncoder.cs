using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;

namespace Emitter.Generator.Sinks;

/// <summary>
/// Turns entries into UTF-8 text or JSON lines fast: message texts, service and level names are
/// encoded once per pool, not once per entry (a message outside the pool, a freshness marker, each time).
/// </summary>
public sealed class EntryEncoder(MessagePool pool, float jitter)
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText EmbeddingKey = JsonEncodedText.Encode("embedding");
    private static readonly JsonEncodedText TraceIdKey = JsonEncodedText.Encode(TraceFields.TraceId);
    private static readonly JsonEncodedText SpanIdKey = JsonEncodedText.Encode(TraceFields.SpanId);
    private static readonly JsonEncodedText[] LevelJson = LogLevels.All.Select(l => JsonEncodedText.Encode(l.Name())).ToArray();
    private static readonly byte[][] LevelText = LogLevels.All.Select(l => Encoding.UTF8.GetBytes(l.Name().PadRight(5))).ToArray();

    private readonly JsonEncodedText[] _messagesJson = pool.Messages.Select(m => JsonEncodedText.Encode(m.Text)).ToArray();
    private readonly byte[][] _messagesText = pool.Messages.Select(m => Encoding.UTF8.GetBytes(m.Text)).ToArray();
    private readonly Dictionary<string, (JsonEncodedText Json, byte[] Text)> _services = new(StringComparer.Ordinal);
    private float[] _vector = [];

    public void WriteJson(Utf8JsonWriter json, in LogEntry entry, bool includeEmbedding)
    {
        json.WriteStartObject();
        json.WriteString(Id, entry.Id);
        json.WriteString(Timestamp, entry.Timestamp.UtcDateTime);
        json.WriteString(Service, ServiceName(entry.Service).Json);
        json.WriteString(Level, LevelJson[(int)entry.Level]);
        if (InPool(entry.Message)) json.WriteString(Message, _messagesJson[entry.Message.Index]);
        else json.WriteString(Message, entry.Message.Text);
        if (entry.HasTrace)
        {
            Span<char> hex = stackalloc char[32];
            entry.TraceId.TryFormat(hex, out var written, "x32", CultureInfo.InvariantCulture);
            json.WriteString(TraceIdKey, hex[..written]);
            entry.SpanId.TryFormat(hex, out written, "x16", CultureInfo.InvariantCulture);
            json.WriteString(SpanIdKey, hex[..written]);
        }
        if (includeEmbedding)
        {
            json.WriteStartArray(EmbeddingKey);
            foreach (var value in Vector(entry))
            {
                json.WriteNumberValue(value);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>"2026-11-27T18:53:06.1234567Z INFO  [checkout-api] message"</summary>
    public void WriteText(IBufferWriter<byte> output, in LogEntry entry)
    {
        var span = output.GetSpan(64);
        entry.Timestamp.UtcDateTime.TryFormat(span, out var written, "O");
        span[written++] = (byte)' ';
        output.Advance(written);
        output.Write(LevelText[(int)entry.Level]);
        output.Write(" ["u8);
        output.Write(ServiceName(entry.Service).Text);
        output.Write("] "u8);
        if (InPool(entry.Message)) output.Write(_messagesText[entry.Message.Index]);
        else Encoding.UTF8.GetBytes(entry.Message.Text, output);
        output.Write("\n"u8);
    }

    /// <summary>A bench's freshness marker is made as the run goes, outside the pool: its text is encoded when written.</summary>
    private bool InPool(PoolMessage message) => (uint)message.Index < (uint)_messagesText.Length;

    /// <summary>The entry's vector with its id-derived jitter, in a buffer reused until the next call.</summary>
    public ReadOnlySpan<float> Vector(in LogEntry entry)
    {
        var source = entry.Message.Vector.Span;
        if (_vector.Length != source.Length) _vector = new float[source.Length];
        EmbeddingJitter.Apply(source, entry.Id, jitter, _vector);
        return _vector;
    }

    private (JsonEncodedText Json, byte[] Text) ServiceName(string service)
    {
        if (!_services.TryGetValue(service, out var encoded))
        {
            encoded = (JsonEncodedText.Encode(service), Encoding.UTF8.GetBytes(service));
            _services[service] = encoded;
        }
        return encoded;
    }
}
