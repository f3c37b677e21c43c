using System.Buffers.Binary;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using LogLevel = Emitter.Generator.Model.LogLevel;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// A batch as one OTLP export request, in the messages generated from opentelemetry-proto: one
/// resource per synthetic service (<c>service.name</c>, <c>service.instance.id</c> = the shard),
/// records with the entry's time, severity per the log data model, body, the trace context in the
/// record's own fields, and the entry id as <c>log.record.uid</c> (semantic conventions) so a
/// backend can count duplicates. Spans: one per service hop, from the entries that open one.
/// The sink writes logs with <see cref="OtlpLogsWriter"/> (the same message, faster); <see cref="Logs"/>
/// is the reference it is tested against. Not thread-safe: one per sink.
/// </summary>
internal sealed class OtlpEncoder(Shard shard)
{
    /// <summary>The log record attribute holding the entry id (semantic conventions: "a unique identifier for the Log Record").</summary>
    public const string EntryIdAttribute = "log.record.uid";

    public static readonly InstrumentationScope Scope = new() { Name = "emitter" };

    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScopeLogs> _logsByService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScopeSpans> _spansByService = new(StringComparer.Ordinal);

    /// <summary>The log data model's numbers for Emitter's four levels (SeverityNumber DEBUG, INFO, WARN, ERROR).</summary>
    public static SeverityNumber Severity(LogLevel level) => level switch
    {
        LogLevel.Debug => SeverityNumber.Debug,
        LogLevel.Info => SeverityNumber.Info,
        LogLevel.Warn => SeverityNumber.Warn,
        LogLevel.Error => SeverityNumber.Error,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public ExportLogsServiceRequest Logs(Batch batch)
    {
        var request = new ExportLogsServiceRequest();
        _logsByService.Clear();
        var observed = UnixNanos(batch.SealedAt);
        foreach (ref readonly var entry in batch.Entries.Span)
        {
            if (!_logsByService.TryGetValue(entry.Service, out var scope))
            {
                scope = new ScopeLogs { Scope = Scope };
                request.ResourceLogs.Add(new ResourceLogs { Resource = ResourceOf(entry.Service), ScopeLogs = { scope } });
                _logsByService.Add(entry.Service, scope);
            }
            var record = new LogRecord
            {
                TimeUnixNano = UnixNanos(entry.Timestamp),
                ObservedTimeUnixNano = observed,
                SeverityNumber = Severity(entry.Level),
                SeverityText = entry.Level.Name(),
                Body = new AnyValue { StringValue = entry.Text },
                Attributes = { new KeyValue { Key = EntryIdAttribute, Value = new AnyValue { StringValue = entry.Id.ToString() } } },
            };
            if (entry.HasTrace)
            {
                record.TraceId = TraceId(entry.TraceId);
                record.SpanId = SpanId(entry.SpanId);
                record.Flags = 1; // the W3C trace flags (LogRecordFlags.TraceFlagsMask): sampled
            }
            scope.LogRecords.Add(record);
        }
        return request;
    }

    /// <summary>The spans the batch's entries open, or null when none does.</summary>
    public ExportTraceServiceRequest? Spans(Batch batch)
    {
        ExportTraceServiceRequest? request = null;
        _spansByService.Clear();
        foreach (ref readonly var entry in batch.Entries.Span)
        {
            if (!entry.Hop.Opens || !entry.HasTrace) continue;
            request ??= new ExportTraceServiceRequest();
            if (!_spansByService.TryGetValue(entry.Service, out var scope))
            {
                scope = new ScopeSpans { Scope = Scope };
                request.ResourceSpans.Add(new ResourceSpans { Resource = ResourceOf(entry.Service), ScopeSpans = { scope } });
                _spansByService.Add(entry.Service, scope);
            }
            var start = UnixNanos(entry.Timestamp);
            var span = new Span
            {
                TraceId = TraceId(entry.TraceId),
                SpanId = SpanId(entry.SpanId),
                Name = $"{entry.Service} request",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + (ulong)entry.Hop.DurationTicks * 100,
                Flags = 1, // W3C sampled
                Status = entry.Hop.Failed
                    ? new Status { Code = Status.Types.StatusCode.Error, Message = entry.Level == LogLevel.Error ? entry.Text : "a call it made failed" }
                    : new Status { Code = Status.Types.StatusCode.Ok },
            };
            if (entry.Hop.ParentSpanId != 0) span.ParentSpanId = SpanId(entry.Hop.ParentSpanId);
            scope.Spans.Add(span);
        }
        return request;
    }

    private Resource ResourceOf(string service)
    {
        if (_resources.TryGetValue(service, out var resource)) return resource;
        // Messages may be shared by several parents: a resource is only read when a request is written.
        resource = ResourceOf(service, shard);
        _resources.Add(service, resource);
        return resource;
    }

    /// <summary>A synthetic service's resource: <c>service.name</c>, and <c>service.instance.id</c> for this shard.</summary>
    public static Resource ResourceOf(string service, Shard shard) => new()
    {
        Attributes =
        {
            new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } },
            new KeyValue { Key = "service.instance.id", Value = new AnyValue { StringValue = InstanceId(service, shard) } },
        },
    };

    /// <summary>One instance of each service per shard: a sharded run shows n instances of every service.</summary>
    public static string InstanceId(string service, Shard shard) => $"{service}-{shard.Index}";

    public static ulong UnixNanos(DateTimeOffset time) => (ulong)(time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>16 bytes, big-endian: their hex is the trace id as W3C traceparent (and every other sink) writes it.</summary>
    public static ByteString TraceId(UInt128 id)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, id);
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    public static ByteString SpanId(ulong id)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }
}
