using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Tests.Embedding;
using Emitter.Tests.Fakes;
using Emitter.Tests.Fakes.Otlp;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Sinks.Otlp;

/// <summary>
/// The OTLP answers through the one sink contract and the pipeline's one retry policy, as
/// opentelemetry-proto's docs/specification.md (v1.11.0) sorts them: a partial success fails the
/// rejected records with the server's message and is never retried; the retryable gRPC codes and
/// HTTP statuses go back to the pipeline (with RetryInfo / Retry-After waited); the rest fail the batch with one line.
/// </summary>
public class OtlpRetryTests
{
    private const int Count = 1200; // 3 batches of 500, 500, 200

    private static async Task<(SinkStats Stats, long Retries, OtlpReceiver Receiver)> RunAsync(string protocol, params OtlpFault[] logFaults)
    {
        var receiver = await OtlpReceiver.StartAsync(TestContext.Current.CancellationToken);
        receiver.FailNextLogs(logFaults);
        var pool = TestPools.Small();
        await using var sink = OtlpTestSinks.Sink(receiver, protocol);
        var (stats, retries) = await SinkDrive.RunAsync(sink, pool, SinkDrive.Entries(pool, Count), batchSize: 500);
        return (stats, retries, receiver);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task A_partial_success_fails_the_rejected_records_with_the_servers_message_and_is_not_retried(string protocol)
    {
        var (stats, retries, receiver) = await RunAsync(protocol, OtlpFault.Partial(7, "7 log records exceed the attribute limit"));
        await using var _ = receiver;

        Assert.Equal((Count - 7L, 7L, 0L), (stats.Delivered, stats.Failed, retries));
        Assert.Equal("the OTLP receiver rejected 7 log records: 7 log records exceed the attribute limit", stats.FirstError);
        Assert.Equal(3, receiver.Requests);
    }

    public static TheoryData<string, int, int, bool> Retryable => new()
    {
        // The specification's retryable gRPC codes (RESOURCE_EXHAUSTED only with RetryInfo) ...
        { "grpc", (int)StatusCode.Unavailable, 0, false },
        { "grpc", (int)StatusCode.Cancelled, 0, false },
        { "grpc", (int)StatusCode.DeadlineExceeded, 0, false },
        { "grpc", (int)StatusCode.Aborted, 0, false },
        { "grpc", (int)StatusCode.OutOfRange, 0, false },
        { "grpc", (int)StatusCode.DataLoss, 0, false },
        { "grpc", (int)StatusCode.ResourceExhausted, 0, true },
        // ... and HTTP statuses.
        { "http/protobuf", 0, 429, false },
        { "http/protobuf", 0, 502, false },
        { "http/protobuf", 0, 503, false },
        { "http/protobuf", 0, 504, false },
    };

    [Theory]
    [MemberData(nameof(Retryable))]
    public async Task A_retryable_answer_leaves_the_batch_to_the_pipeline_which_sends_it_again(string protocol, int grpc, int http, bool retryInfo)
    {
        var (stats, retries, receiver) = await RunAsync(protocol,
            OtlpFault.Error((StatusCode)grpc, http, "busy, try later", retryInfo ? TimeSpan.FromMilliseconds(10) : null));
        await using var _ = receiver;

        Assert.Equal(((long)Count, 0L, 1L), (stats.Delivered, stats.Failed, retries));
        Assert.Equal(4, receiver.Requests); // 3 batches, one of them twice
        Assert.Equal(Count, receiver.Logs.Sum(r => r.ResourceLogs.Sum(l => l.ScopeLogs.Sum(s => s.LogRecords.Count)))); // nothing taken twice
    }

    public static TheoryData<string, int, int, string> Refused => new()
    {
        { "grpc", (int)StatusCode.InvalidArgument, 0, "answered InvalidArgument: the request is malformed" },
        { "grpc", (int)StatusCode.PermissionDenied, 0, "answered PermissionDenied: the request is malformed" },
        { "grpc", (int)StatusCode.ResourceExhausted, 0, "answered ResourceExhausted: the request is malformed" }, // no RetryInfo: not retryable
        { "http/protobuf", 0, 400, "answered 400 Bad Request: the request is malformed" },
        { "http/protobuf", 0, 401, "answered 401 Unauthorized: the request is malformed" },
        { "http/protobuf", 0, 413, "answered 413 Payload Too Large: the request is malformed" },
        { "http/protobuf", 0, 500, "answered 500 Internal Server Error: the request is malformed" }, // not in the table
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Any_other_error_fails_the_batch_for_good_with_one_line(string protocol, int grpc, int http, string expected)
    {
        var (stats, retries, receiver) = await RunAsync(protocol, OtlpFault.Error((StatusCode)grpc, http, "the request is malformed"));
        await using var _ = receiver;

        Assert.Equal((Count - 500L, 500L, 0L), (stats.Delivered, stats.Failed, retries));
        Assert.Contains(expected, stats.FirstError);
        Assert.StartsWith("the OTLP receiver at http://127.0.0.1:", stats.FirstError);
        Assert.DoesNotContain('\n', stats.FirstError!);
        Assert.Equal(3, receiver.Requests);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task The_servers_wait_reaches_the_pipeline_through_the_write_result(string protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        receiver.FailNextLogs(OtlpFault.Error(StatusCode.Unavailable, 503, "overloaded", TimeSpan.FromSeconds(7)));
        var pool = TestPools.Small();
        await using var sink = OtlpTestSinks.Sink(receiver, protocol);
        var batch = new Batch(SinkDrive.Entries(pool, 10), 10, 1, DateTimeOffset.UtcNow);

        var result = await sink.WriteAsync(batch, ct);

        Assert.Same(batch, result.Remainder);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.Contains("overloaded", result.RemainderReason);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task The_pipeline_waits_what_the_server_asked_before_sending_again(string protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        // The pipeline's clock moves only when the test moves it; the sink's own request deadline stays
        // on real time, so a slow request under load neither times out nor moves the retry clock.
        var time = new TimerWatchingClock(start);
        await using var receiver = await OtlpReceiver.StartAsync(ct);
        receiver.FailNextLogs(OtlpFault.Error(StatusCode.Unavailable, 429, "slow down", TimeSpan.FromSeconds(7)));
        var pool = TestPools.Small();
        var logger = new CapturingLogger();
        await using var sink = OtlpTestSinks.Sink(receiver, protocol);
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig("otlp"), time, logger);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), ct);
        pipeline.Start();
        await pipeline.EnqueueAsync(new Batch(SinkDrive.Entries(pool, 10), 10, 1, start), ct);

        // The refused send arms the pipeline's retry timer: it is due when the server asked, not at the
        // write profile's own first delay (~100 ms).
        var retryDue = await time.NextDueAsync();
        Assert.Equal(1, receiver.Requests);
        Assert.Empty(receiver.Received);
        Assert.Equal(TimeSpan.FromSeconds(7), retryDue - start);

        time.Advance(retryDue - start);
        await Until.HoldsAsync(() => receiver.Received.Count > 0, "the retried request at the receiver");
        await pipeline.CompleteAsync(TimeSpan.FromMinutes(1)).WaitAsync(TimeSpan.FromMinutes(1), ct);

        Assert.Equal((10L, 1L), (pipeline.Stats.Delivered, pipeline.Retries));
        Assert.Equal(2, receiver.Requests);
        Assert.Contains(logger.Warnings, w => w.Contains("slow down") && w.Contains("retry 1 in 7.0 s"));
    }
}
