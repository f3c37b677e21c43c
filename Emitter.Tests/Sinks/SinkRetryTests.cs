using Emitter.Generator.Batching;
using Emitter.Generator.Model;
using Emitter.Generator.Resilience;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Embedding;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Sinks;

/// <summary>
/// The one retry policy: every sink gets the same setup patience, a write's remainder (only it) is
/// retried by the pipeline, a server's Retry-After is waited, and retries never stack. All on a
/// fake clock moved on until the awaited event (setup done, drain done, or a retry's timer armed), never for a wall-clock window.
/// </summary>
public class SinkRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static QdrantSink Qdrant(FakeQdrantServer server, TimeProvider time, CapturingLogger logger) =>
        new("qdrant", new QdrantSinkOptions { Endpoint = server.Endpoint, Collection = "logs" }, time, new CapturingLoggerFactory(logger));

    /// <summary>Moves the fake clock on, a step at a time, until <paramref name="task"/> ends.</summary>
    private static async Task UntilDoneAsync(Task task, FakeTimeProvider time, TimeSpan step)
    {
        while (!task.IsCompleted)
        {
            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(5, TestContext.Current.CancellationToken));
        }
        await task;
    }

    [Fact]
    public async Task A_qdrant_still_starting_is_waited_for_within_the_setup_patience()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken, time: time);
        server.StartingUntil = Start.AddSeconds(40); // the old inner retries gave up after ~3 s
        var logger = new CapturingLogger();
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = Qdrant(server, time, logger);

        await UntilDoneAsync(sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken), time, TimeSpan.FromSeconds(1));

        Assert.True(time.GetUtcNow() >= server.StartingUntil);
        Assert.True(server.Collections.ContainsKey("logs"));
        Assert.NotEmpty(logger.Warnings);
        Assert.All(logger.Warnings, w => Assert.Contains("not ready (Unavailable", w));
    }

    [Fact]
    public async Task A_qdrant_that_never_comes_up_stops_setup_after_the_patience_with_one_line()
    {
        var time = new TimerWatchingClock(Start);
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken, time: time);
        server.StartingUntil = DateTimeOffset.MaxValue;
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = Qdrant(server, time, new CapturingLogger());

        var init = sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<SinkSetupException>(() => time.AdvanceTimersUntilDoneAsync(init));

        Assert.StartsWith($"Sink qdrant: Qdrant at {server.Endpoint} not ready after 60 s (Unavailable", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        // Waited the patience and not a moment past it: the clock moved only to each retry's due time.
        Assert.Equal(RetryPolicies.SetupPatience, time.GetUtcNow() - Start);
    }

    [Fact]
    public async Task An_elasticsearch_answering_503_at_setup_gets_the_same_patience_then_one_line()
    {
        var time = new TimerWatchingClock(Start);
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextSetupRequests(1_000, 503); // more than 60 s of setup retries can use
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = new ElasticsearchSink("elasticsearch", new ElasticsearchSinkOptions { Url = server.Url }, time, NullLoggerFactory.Instance);

        var init = sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<SinkSetupException>(() => time.AdvanceTimersUntilDoneAsync(init));

        Assert.StartsWith($"Sink elasticsearch: Elasticsearch at {server.Url} not ready after 60 s (could not check Elasticsearch index 'logs'", error.Message);
        Assert.Contains("HTTP 503", error.Message);
        Assert.Equal(RetryPolicies.SetupPatience, time.GetUtcNow() - Start);
        Assert.InRange(server.SetupFaultsServed, 5, 60); // retried with backoff, not once and not in a tight loop
    }

    [Fact]
    public async Task Elasticsearch_answering_429_forever_is_sent_once_per_retry_of_the_pipeline_until_the_grace_ends()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = new ElasticsearchSink("elasticsearch", new ElasticsearchSinkOptions { Url = server.Url }, time, NullLoggerFactory.Instance);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), TestContext.Current.CancellationToken);
        server.FailNextBulkRequests(10_000, 429); // more than 30 s of retries can use
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig(sink.Name), time, NullLogger.Instance);
        pipeline.Start();
        var entries = SinkDrive.Entries(pool, 100);
        await pipeline.EnqueueAsync(new Batch(entries, entries.Length, 1, Start), TestContext.Current.CancellationToken);

        await UntilDoneAsync(pipeline.CompleteAsync(TimeSpan.FromSeconds(30)), time, TimeSpan.FromMilliseconds(100));

        Assert.Equal((0L, 100L), (pipeline.Stats.Delivered, pipeline.Stats.Failed));
        Assert.True(pipeline.Retries > 3, $"retries {pipeline.Retries}");
        // One body per attempt: the first plus one per retry (the last retry may be cut short in its
        // wait). With a sink's own retries under the pipeline's it was 8 requests per attempt.
        Assert.InRange(server.BulkRequests, pipeline.Retries, pipeline.Retries + 1);
    }

    [Fact]
    public async Task A_remainder_is_retried_alone_after_the_servers_retry_after_and_counts_stay_exact()
    {
        var time = new FakeTimeProvider(Start);
        var sink = new HalfNowHalfLaterSink(time, TimeSpan.FromSeconds(20));
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig(sink.Name), time, NullLogger.Instance);
        pipeline.Start();
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 100);
        await pipeline.EnqueueAsync(new Batch(entries, entries.Length, 1, Start), TestContext.Current.CancellationToken);

        await UntilDoneAsync(pipeline.CompleteAsync(TimeSpan.FromSeconds(60)), time, TimeSpan.FromMilliseconds(500));

        // First write: 40 stored, 10 refused for good, 50 left; the retry carries those 50 only.
        Assert.Equal([100, 50], sink.Sent);
        Assert.Equal((90L, 10L, 1L), (pipeline.Stats.Delivered, pipeline.Stats.Failed, pipeline.Retries));
        Assert.Equal(entries[50..].Select(e => e.Id), sink.Retried.Select(e => e.Id));
        Assert.True(sink.Writes[1] - sink.Writes[0] >= TimeSpan.FromSeconds(20), $"retried after {sink.Writes[1] - sink.Writes[0]}, before the server's Retry-After");
    }

    /// <summary>Stores the first 40 of a new batch, refuses 10 for good, asks for the rest again after a Retry-After.</summary>
    private sealed class HalfNowHalfLaterSink(TimeProvider time, TimeSpan retryAfter) : ILogSink
    {
        public string Name => "half";
        public List<int> Sent { get; } = [];
        public List<TimeSpan> Writes { get; } = [];
        public List<Emitter.Generator.Model.LogEntry> Retried { get; } = [];

        public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
        {
            Sent.Add(batch.Count);
            Writes.Add(time.GetUtcNow() - Start);
            if (Sent.Count > 1)
            {
                Retried.AddRange(batch.Entries.ToArray());
                return Task.FromResult(WriteResult.Delivered);
            }
            return Task.FromResult(WriteResult.PartlyFailed(10, "refused (injected)",
                WriteResult.Retry(batch.Subset(Enumerable.Range(50, 50)), "busy (injected)", retryAfter)));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
