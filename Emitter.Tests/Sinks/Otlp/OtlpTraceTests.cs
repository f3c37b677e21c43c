using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Tests.Fakes;
using Emitter.Tests.Fakes.Otlp;
using Emitter.Tests.PgVector;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Emitter.Tests.Sinks.Otlp;

/// <summary>
/// <c>signals: [logs, traces]</c>: the requests a run walks through the call graph
/// api-gateway → order-service → (payment-service, inventory-worker) arrive as spans, one per
/// service hop, parented as the graph calls, failed where the request failed.
/// </summary>
public class OtlpTraceTests
{
    private static readonly double[] Weights = [0.1, 0.6, 0.2, 0.1];

    private static readonly Dictionary<string, string> CallerOf = new()
    {
        ["order-service"] = "api-gateway",
        ["payment-service"] = "order-service",
        ["inventory-worker"] = "order-service",
    };

    /// <summary>Two seconds of a run on a fake clock, every gateway arrival a request: the entries as a sink got them.</summary>
    private static async Task<(LogEntry[] Entries, Generator.Model.MessagePool Pool)> EmitAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var config = FakeClockRun.Config(2,
            new ServiceConfig("api-gateway", 200, Weights, ArrivalProcess.Poisson, "gateway"),
            new ServiceConfig("order-service", 5, Weights, ArrivalProcess.Poisson, "orders"),
            new ServiceConfig("payment-service", 5, Weights, ArrivalProcess.Poisson, "payments"),
            new ServiceConfig("inventory-worker", 5, Weights, ArrivalProcess.Poisson, "inventory")) with
        {
            Traces = new TracesConfig(1, new Dictionary<string, IReadOnlyList<string>>
            {
                ["api-gateway"] = ["order-service"],
                ["order-service"] = ["payment-service", "inventory-worker"],
            }),
            MessagePoolSize = 2_000,
        };
        var pool = PgVectorTestPools.WithRandomVectors(config.PoolLayout.Build(config.MessagePoolSize, 21), 8);
        var recorder = new RecordingSink("rec", time);
        await FakeClockRun.RunAsync(config, pool, 21, [(recorder, FakeClockRun.SinkConfig("rec"))], time);
        return ([.. recorder.Entries], pool);
    }

    private static string Service(ResourceSpans r) => r.Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue;

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task Every_request_arrives_as_one_span_per_hop_parented_as_the_call_graph_calls(string protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        var (entries, pool) = await EmitAsync();
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        await using var sink = OtlpTestSinks.Sink(receiver, protocol, settings: [("signals", "logs,traces")]);

        var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: 500);

        Assert.Equal(entries.Length, stats.Delivered);
        var spans = receiver.Traces.SelectMany(t => t.ResourceSpans).SelectMany(r => r.ScopeSpans.SelectMany(s => s.Spans).Select(s => (Service: Service(r), Span: s))).ToList();
        var bySpanId = spans.ToDictionary(s => Convert.ToHexStringLower(s.Span.SpanId.Span)); // unique: each hop once
        var requests = entries.Where(e => e.Hop.Opens).GroupBy(e => e.TraceId).ToList();
        Assert.True(requests.Count > 300, $"{requests.Count} requests");
        Assert.Equal(entries.Count(e => e.Hop.Opens), spans.Count);

        var failedRequests = 0;
        foreach (var (service, span) in spans)
        {
            var hex = Convert.ToHexStringLower(span.SpanId.Span);
            var own = entries.Where(e => e.HasTrace && TraceIds.Hex(e.SpanId) == hex).ToList();
            Assert.All(own, e => Assert.Equal((service, TraceIds.Hex(e.TraceId)), (e.Service, Convert.ToHexStringLower(span.TraceId.Span))));
            Assert.Equal(Span.Types.SpanKind.Server, span.Kind);
            if (service == "api-gateway")
            {
                Assert.True(span.ParentSpanId.IsEmpty);
            }
            else
            {
                // The parent is the caller's span in the same trace, and holds the child in time.
                var (parentService, parent) = bySpanId[Convert.ToHexStringLower(span.ParentSpanId.Span)];
                Assert.Equal((CallerOf[service], parent.TraceId), (parentService, span.TraceId));
                Assert.InRange(span.StartTimeUnixNano, parent.StartTimeUnixNano, parent.EndTimeUnixNano);
                Assert.InRange(span.EndTimeUnixNano, span.StartTimeUnixNano, parent.EndTimeUnixNano);
            }
            // Error where the request failed: at this hop (its line an ERROR) or below it (a caller's upstream ERROR line).
            var failed = own.Any(e => e.Level == LogLevel.Error);
            Assert.Equal(failed ? OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Error : OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Ok, span.Status.Code);
            if (failed && service == "api-gateway") failedRequests++;
            // Every line of the hop falls within its span.
            Assert.All(own, e => Assert.InRange(Generator.Sinks.Otlp.OtlpEncoder.UnixNanos(e.Timestamp), span.StartTimeUnixNano, span.EndTimeUnixNano));
        }
        Assert.True(failedRequests > 10, $"{failedRequests} failed requests");
    }

    [Fact]
    public async Task Spans_the_receiver_wants_again_are_sent_again_alone_and_rejected_ones_are_counted_not_their_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        var (entries, pool) = await EmitAsync();
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        receiver.FailNextTraces(OtlpFault.Error(StatusCode.Unavailable, 503, "collector restarting"), OtlpFault.Partial(3, "3 spans too old"));
        await using var sink = OtlpTestSinks.Sink(receiver, "grpc", settings: [("signals", "logs, traces")]);

        var (stats, retries) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: 500);

        var batches = (entries.Length + 499) / 500;
        Assert.Equal((entries.Length, 0L, 1L), (stats.Delivered, stats.Failed, retries));
        Assert.Equal(batches, receiver.Logs.Count()); // the logs of the batch whose spans went again were sent once
        Assert.Equal(entries.Length, receiver.Logs.Sum(r => r.ResourceLogs.Sum(l => l.ScopeLogs.Sum(s => s.LogRecords.Count))));
        Assert.Equal(entries.Count(e => e.Hop.Opens), receiver.Traces.Sum(t => t.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count))));
        Assert.Equal(3, sink.SpansRejected);
    }
}
