using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks.Otlp;
using Emitter.Tests.Fakes;
using Emitter.Tests.Fakes.Otlp;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace Emitter.Tests.Sinks.Otlp;

/// <summary>Entries through the pipeline into the test receiver, over both protocols, read back field by field.</summary>
public class OtlpSinkTests
{
    private static string Attribute(IEnumerable<KeyValue> attributes, string key) => attributes.Single(a => a.Key == key).Value.StringValue;

    [Theory]
    [InlineData("grpc", "none")]
    [InlineData("grpc", "gzip")]
    [InlineData("http/protobuf", "none")]
    [InlineData("http/protobuf", "gzip")]
    public async Task Each_batch_is_one_export_whose_records_carry_the_entries(string protocol, string compression)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        var pool = TestPools.Small();
        // Two services in one batch (the middle one): each gets a resource of its own.
        LogEntry[] entries = [.. SinkDrive.Entries(pool, 700, "api-gateway"), .. SinkDrive.Entries(pool, 500, "payment-service")];
        await using var sink = OtlpTestSinks.Sink(receiver, protocol, shard: new Shard(2, 3),
            settings: [("compression", compression), ("headers", "authorization=Bearer%20s3cret,x-tenant=blue")]);

        var (stats, retries) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: 500);

        Assert.Equal((1200L, 0L, 0L, 0L), (stats.Delivered, stats.Failed, stats.Dropped, retries));
        var exports = receiver.Received.ToList();
        Assert.Equal(3, exports.Count); // 500, 500, 200: one request each
        Assert.All(exports, e => Assert.Equal((protocol, compression == "gzip", "Bearer s3cret", "blue"),
            (e.Protocol, e.Gzip, e.Headers["authorization"], e.Headers["x-tenant"])));
        var middle = receiver.Logs.ElementAt(1).ResourceLogs;
        Assert.Equal(["api-gateway", "payment-service"], middle.Select(r => Attribute(r.Resource.Attributes, "service.name")));

        var byId = entries.ToDictionary(e => e.Id.ToString());
        var seen = 0;
        foreach (var resource in receiver.Logs.SelectMany(r => r.ResourceLogs))
        {
            var service = Attribute(resource.Resource.Attributes, "service.name");
            Assert.Equal($"{service}-2", Attribute(resource.Resource.Attributes, "service.instance.id"));
            foreach (var record in resource.ScopeLogs.Single(s => s.Scope.Name == "emitter").LogRecords)
            {
                var entry = byId[Attribute(record.Attributes, OtlpEncoder.EntryIdAttribute)];
                seen++;
                Assert.Equal(entry.Service, service);
                Assert.Equal((ulong)(entry.Timestamp - DateTimeOffset.UnixEpoch).Ticks * 100, record.TimeUnixNano);
                Assert.True(record.ObservedTimeUnixNano >= record.TimeUnixNano);
                Assert.Equal(entry.Text, record.Body.StringValue);
                // The log data model's ranges: DEBUG 5, INFO 9, WARN 13, ERROR 17, with the level's own text.
                Assert.Equal((entry.Level switch { LogLevel.Debug => 5, LogLevel.Info => 9, LogLevel.Warn => 13, _ => 17 }, entry.Level.Name()),
                    ((int)record.SeverityNumber, record.SeverityText));
                if (entry.HasTrace)
                {
                    Assert.Equal((TraceIds.Hex(entry.TraceId), TraceIds.Hex(entry.SpanId), 1u),
                        (Convert.ToHexStringLower(record.TraceId.Span), Convert.ToHexStringLower(record.SpanId.Span), record.Flags));
                }
                else
                {
                    Assert.True(record.TraceId.IsEmpty && record.SpanId.IsEmpty);
                }
                // The trace context is the record's own, never an attribute.
                Assert.Equal([OtlpEncoder.EntryIdAttribute], record.Attributes.Select(a => a.Key));
            }
        }
        Assert.Equal(1200, seen);
    }

    [Fact]
    public void The_sinks_writer_writes_byte_for_byte_the_request_the_generated_classes_build()
    {
        var pool = TestPools.Small();
        var at = SinkDrive.Start;
        // Multi-byte UTF-8 and a body past 127 and 16,383 bytes (two- and three-byte lengths).
        LogEntry[] odd =
        [
            new(Guid.CreateVersion7(at), at, "payment-service", LogLevel.Warn, new Generator.Model.PoolMessage(0, "café ✓ 日本 " + new string('x', 200), LogLevel.Warn), SinkDrive.TraceId(7), 9),
            new(Guid.CreateVersion7(at), at, "api-gateway", LogLevel.Error, new Generator.Model.PoolMessage(1, new string('y', 20_000), LogLevel.Error)),
        ];
        LogEntry[] entries = [.. SinkDrive.Entries(pool, 300, "api-gateway"), .. odd, .. SinkDrive.Entries(pool, 200, "payment-service"), .. SinkDrive.Entries(pool, 100, "api-gateway")];
        var batch = new Generator.Model.Batch(entries, entries.Length, 1, at.AddSeconds(3));
        var writer = new OtlpLogsWriter(new Shard(1, 4));

        var bytes = writer.Write(batch);
        var expected = new OtlpEncoder(new Shard(1, 4)).Logs(batch);

        Assert.Equal(expected, OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest.Parser.ParseFrom(bytes));
        Assert.Equal(expected.ToByteArray(), bytes);
        Assert.Equal(bytes, writer.Write(batch)); // and again with its caches warm
    }

    [Fact]
    public void The_defaults_are_the_specifications_ports_and_paths()
    {
        var grpc = OtlpSinkOptions.Bind(SinkSettings.Of("f.yaml", "sinks[0]", []));
        var http = OtlpSinkOptions.Bind(SinkSettings.Of("f.yaml", "sinks[0]", [new("protocol", "http/protobuf"), new("endpoint", "https://collector.example:4318/otlp")]));
        using var transport = new OtlpHttpTransport(http, TimeProvider.System);

        Assert.Equal((new Uri("http://localhost:4317"), OtlpProtocol.Grpc, TimeSpan.FromSeconds(10), OtlpCompression.None, false),
            (grpc.Endpoint, grpc.Protocol, grpc.Timeout, grpc.Compression, grpc.Traces));
        Assert.Equal(new Uri("http://localhost:4318"), OtlpSinkOptions.Bind(SinkSettings.Of("f.yaml", "sinks[0]", [new("protocol", "HTTP/protobuf")])).Endpoint);
        Assert.Equal((new Uri("https://collector.example:4318/otlp/v1/logs"), new Uri("https://collector.example:4318/otlp/v1/traces")), transport.Targets);
    }
}
