using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Encodes entries as PostgreSQL's binary COPY format with the columns
/// (id uuid, timestamp timestamptz, service text, level text, message text, trace_id text,
/// span_id text, embedding vector), the trace ids null for entries without trace context:
/// texts are encoded once per pool, vectors byte-swapped a whole span at a time. The benchmark
/// writes the same bytes to a file for psql's <c>\copy</c>. Without vectors (index_mode keyword)
/// the embedding column is left out.
/// Kept over Npgsql's BeginBinaryImportAsync because it is not slower and is faster where the
/// client's share is larger: Npgsql encodes every text again per row and writes a vector value
/// by value. `Emitter.Performance pgvector --hnsw no --entries 20000 --repeats 5 --methods
/// copy-encoder,copy-npgsql` (2 cores, load ~36 from other builds, 2026-12-01): 384 dims 6,239
/// vs 5,350 rows/s (1.17x); 1,536 dims 2,366 vs 2,491 rows/s (0.95x, within noise: the server's
/// work on 6 KB rows dominates).
/// </summary>
public sealed class PgBinaryCopyEncoder(MessagePool pool, float jitter, bool withVectors = true)
{
    /// <summary>The columns, in the order <see cref="WriteRow"/> writes them (the embedding last): a new column goes in both.</summary>
    private static readonly string[] ColumnNames = ["id", "\"timestamp\"", "service", "level", "message", "trace_id", "span_id", "embedding"];

    public static readonly string Columns = string.Join(", ", ColumnNames);
    public static readonly string ColumnsWithoutVectors = string.Join(", ", ColumnNames[..^1]);

    /// <summary>The columns this encoder's rows fill, in order.</summary>
    public string ColumnList => withVectors ? Columns : ColumnsWithoutVectors;

    private readonly short _fieldCount = (short)(withVectors ? ColumnNames.Length : ColumnNames.Length - 1);
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly byte[][] LevelNames = LogLevels.All.Select(l => Encoding.UTF8.GetBytes(l.Name())).ToArray();

    private readonly byte[][] _messages = pool.Messages.Select(m => Encoding.UTF8.GetBytes(m.Text)).ToArray();
    private readonly Dictionary<string, byte[]> _services = new(StringComparer.Ordinal);
    private float[] _vector = [];

    /// <summary>"PGCOPY\n\377\r\n\0", no flags, no header extension.</summary>
    public static void WriteHeader(IBufferWriter<byte> output)
    {
        output.Write(Signature);
        Int32(output, 0);
        Int32(output, 0);
    }

    public static void WriteTrailer(IBufferWriter<byte> output) => Int16(output, -1);

    public void WriteRow(IBufferWriter<byte> output, in LogEntry entry)
    {
        Int16(output, _fieldCount);
        Int32(output, 16);
        entry.Id.TryWriteBytes(output.GetSpan(16), bigEndian: true, out _);
        output.Advance(16);
        Int32(output, 8);
        Int64(output, (entry.Timestamp.UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
        Text(output, ServiceName(entry.Service));
        Text(output, LevelNames[(int)entry.Level]);
        // A freshness marker is made as the run goes, outside the pool: its text is encoded when written.
        Text(output, (uint)entry.Message.Index < (uint)_messages.Length ? _messages[entry.Message.Index] : Encoding.UTF8.GetBytes(entry.Message.Text));
        if (entry.HasTrace)
        {
            Hex(output, entry.TraceId, 32);
            Hex(output, entry.SpanId, 16);
        }
        else
        {
            Int32(output, -1); // NULL
            Int32(output, -1);
        }
        if (!withVectors) return;
        var source = entry.Message.Vector.Span;
        if (_vector.Length != source.Length) _vector = new float[source.Length];
        EmbeddingJitter.Apply(source, entry.Id, jitter, _vector);
        Vector(output, _vector);
    }

    /// <summary>pgvector's binary form: int16 dimensions, int16 unused, then big-endian float4s.</summary>
    private static void Vector(IBufferWriter<byte> output, ReadOnlySpan<float> vector)
    {
        var bytes = 4 + 4 * vector.Length;
        Int32(output, bytes);
        var span = output.GetSpan(bytes);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)vector.Length);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], 0);
        var values = MemoryMarshal.Cast<byte, int>(span.Slice(4, 4 * vector.Length));
        if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(vector), values);
        else MemoryMarshal.Cast<float, int>(vector).CopyTo(values);
        output.Advance(bytes);
    }

    /// <summary>A text field of <paramref name="digits"/> lower-case hex digits, written straight into the buffer.</summary>
    private static void Hex<T>(IBufferWriter<byte> output, T value, int digits) where T : IUtf8SpanFormattable
    {
        Int32(output, digits);
        value.TryFormat(output.GetSpan(digits), out var written, digits == 32 ? "x32" : "x16", CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void Text(IBufferWriter<byte> output, byte[] utf8)
    {
        Int32(output, utf8.Length);
        output.Write(utf8);
    }

    private static void Int16(IBufferWriter<byte> output, short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }

    private static void Int32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static void Int64(IBufferWriter<byte> output, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    private byte[] ServiceName(string service)
    {
        if (!_services.TryGetValue(service, out var utf8))
        {
            utf8 = Encoding.UTF8.GetBytes(service);
            _services[service] = utf8;
        }
        return utf8;
    }
}
