using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// A batch straight to the bytes of an ExportLogsServiceRequest: the same message
/// <see cref="OtlpEncoder.Logs"/> builds (tests parse both with the generated parser), written in
/// one pass without a message object per record. The generated classes compute a nested
/// message's size again at every level it is nested in and allocate five objects a record;
/// this writes each record once, sizes from arithmetic, so encoding stays a small share of a
/// core. Field numbers are the generated ones. Not thread-safe: one per sink.
/// </summary>
internal sealed class OtlpLogsWriter(Shard shard)
{
    private const int GuidLength = 36; // "D" format
    private const int MaxCachedTexts = 100_000; // pools are smaller; markers and needles come and go

    private static readonly byte[] EntryIdKey = Encoding.UTF8.GetBytes(OtlpEncoder.EntryIdAttribute);
    private static readonly byte[] Scope = OtlpEncoder.Scope.ToByteArray();
    private static readonly byte[][] SeverityTexts = [.. LogLevels.All.Select(l => Encoding.UTF8.GetBytes(l.Name()))];

    private readonly Dictionary<string, (int Group, byte[] Resource)> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<PoolMessage, byte[]> _texts = new(ReferenceEqualityComparer.Instance);
    private readonly List<List<int>> _groups = [];
    private readonly List<string> _order = [];
    private int[] _sizes = [];

    public byte[] Write(Batch batch)
    {
        var entries = batch.Entries.Span;
        if (_sizes.Length < entries.Length) _sizes = new int[entries.Length];
        foreach (var group in _groups) group.Clear();
        _order.Clear();
        var observed = OtlpEncoder.UnixNanos(batch.SealedAt);

        // Pass 1: each record's size, and the records of each service in order.
        for (var i = 0; i < entries.Length; i++)
        {
            ref readonly var entry = ref entries[i];
            _sizes[i] = RecordSize(entry);
            Group(entry.Service).Add(i);
        }
        var total = 0;
        foreach (var service in _order) total += Delimited(ResourceLogsSize(service));

        // Pass 2: the bytes, outermost first.
        var bytes = new byte[total];
        var at = 0;
        foreach (var service in _order)
        {
            var (group, resource) = _services[service];
            Tag(bytes, ref at, ExportLogsRequestResourceLogs, ResourceLogsSize(service));
            Tag(bytes, ref at, ResourceLogs.ResourceFieldNumber, resource.Length);
            Raw(bytes, ref at, resource);
            Tag(bytes, ref at, ResourceLogs.ScopeLogsFieldNumber, ScopeLogsSize(group));
            Tag(bytes, ref at, ScopeLogs.ScopeFieldNumber, Scope.Length);
            Raw(bytes, ref at, Scope);
            foreach (var i in _groups[group])
            {
                Tag(bytes, ref at, ScopeLogs.LogRecordsFieldNumber, _sizes[i]);
                WriteRecord(bytes, ref at, entries[i], observed);
            }
        }
        return at == total ? bytes : throw new InvalidOperationException($"OTLP writer: wrote {at} bytes of {total}");
    }

    private const int ExportLogsRequestResourceLogs = OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest.ResourceLogsFieldNumber;

    private List<int> Group(string service)
    {
        if (!_services.TryGetValue(service, out var known))
        {
            known = (_services.Count, OtlpEncoder.ResourceOf(service, shard).ToByteArray());
            _services.Add(service, known);
            _groups.Add([]);
        }
        var group = _groups[known.Group];
        if (group.Count == 0) _order.Add(service);
        return group;
    }

    private int ResourceLogsSize(string service)
    {
        var (group, resource) = _services[service];
        return Delimited(resource.Length) + Delimited(ScopeLogsSize(group));
    }

    private int ScopeLogsSize(int group)
    {
        var size = Delimited(Scope.Length);
        foreach (var i in _groups[group]) size += Delimited(_sizes[i]);
        return size;
    }

    private byte[] Text(PoolMessage message)
    {
        if (_texts.TryGetValue(message, out var text)) return text;
        if (_texts.Count >= MaxCachedTexts) _texts.Clear();
        return _texts[message] = Encoding.UTF8.GetBytes(message.Text);
    }

    private int RecordSize(in LogEntry entry)
    {
        var size = 9 + 9 // time_unix_nano, observed_time_unix_nano (fixed64)
                   + 1 + VarintSize((ulong)OtlpEncoder.Severity(entry.Level))
                   + Delimited(SeverityTexts[(int)entry.Level].Length)
                   + Delimited(Delimited(Text(entry.Message).Length)) // body: AnyValue { string_value }
                   + Delimited(AttributeSize);
        if (entry.HasTrace) size += 5 + 18 + 10; // flags (fixed32), trace_id (16 bytes), span_id (8 bytes)
        return size;
    }

    // KeyValue { key = "log.record.uid", value = AnyValue { string_value = the 36-character id } }
    private static readonly int AttributeSize = Delimited(EntryIdKey.Length) + Delimited(Delimited(GuidLength));

    private void WriteRecord(byte[] bytes, ref int at, in LogEntry entry, ulong observed)
    {
        Fixed64(bytes, ref at, LogRecord.TimeUnixNanoFieldNumber, OtlpEncoder.UnixNanos(entry.Timestamp));
        Key(bytes, ref at, LogRecord.SeverityNumberFieldNumber, 0);
        Varint(bytes, ref at, (ulong)OtlpEncoder.Severity(entry.Level));
        var severity = SeverityTexts[(int)entry.Level];
        Tag(bytes, ref at, LogRecord.SeverityTextFieldNumber, severity.Length);
        Raw(bytes, ref at, severity);
        var text = Text(entry.Message);
        Tag(bytes, ref at, LogRecord.BodyFieldNumber, Delimited(text.Length));
        Tag(bytes, ref at, AnyValue.StringValueFieldNumber, text.Length);
        Raw(bytes, ref at, text);
        Tag(bytes, ref at, LogRecord.AttributesFieldNumber, AttributeSize);
        Tag(bytes, ref at, KeyValue.KeyFieldNumber, EntryIdKey.Length);
        Raw(bytes, ref at, EntryIdKey);
        Tag(bytes, ref at, KeyValue.ValueFieldNumber, Delimited(GuidLength));
        Tag(bytes, ref at, AnyValue.StringValueFieldNumber, GuidLength);
        if (!entry.Id.TryFormat(bytes.AsSpan(at, GuidLength), out var written) || written != GuidLength)
            throw new InvalidOperationException("OTLP writer: an entry id did not format as 36 characters");
        at += GuidLength;
        if (entry.HasTrace)
        {
            Key(bytes, ref at, LogRecord.FlagsFieldNumber, 5);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), 1); // W3C sampled
            at += 4;
            Tag(bytes, ref at, LogRecord.TraceIdFieldNumber, 16);
            BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(at), entry.TraceId);
            at += 16;
            Tag(bytes, ref at, LogRecord.SpanIdFieldNumber, 8);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at), entry.SpanId);
            at += 8;
        }
        Fixed64(bytes, ref at, LogRecord.ObservedTimeUnixNanoFieldNumber, observed);
    }

    // Protobuf's wire format: a key is (field << 3 | wire type); every field number here is below 16, so one byte.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Key(byte[] bytes, ref int at, int field, int wireType) => bytes[at++] = (byte)(field << 3 | wireType);

    /// <summary>A length-delimited field's key and length.</summary>
    private static void Tag(byte[] bytes, ref int at, int field, int length)
    {
        Key(bytes, ref at, field, 2);
        Varint(bytes, ref at, (ulong)length);
    }

    private static void Fixed64(byte[] bytes, ref int at, int field, ulong value)
    {
        Key(bytes, ref at, field, 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
        at += 8;
    }

    private static void Raw(byte[] bytes, ref int at, byte[] value)
    {
        value.CopyTo(bytes, at);
        at += value.Length;
    }

    private static void Varint(byte[] bytes, ref int at, ulong value)
    {
        while (value >= 0x80)
        {
            bytes[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[at++] = (byte)value;
    }

    private static int VarintSize(ulong value) => CodedOutputStream.ComputeUInt64Size(value);

    /// <summary>A length-delimited field of <paramref name="length"/> bytes, with its one-byte key and its length.</summary>
    private static int Delimited(int length) => 1 + CodedOutputStream.ComputeLengthSize(length) + length;
}
