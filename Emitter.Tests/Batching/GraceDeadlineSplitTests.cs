using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Generator.Stores.Bulk;
using Emitter.Generator.Stores.Elasticsearch;
using Emitter.Generator.Stores.PgVector;
using Emitter.Generator.Stores.Qdrant;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Emitter.Tests.Batching;

/// <summary>
/// A write cut short at the grace deadline says what it stored: the slices that committed and the
/// requests that were answered count delivered, only the rest failed (the total was always exact;
/// now the split is too).
/// </summary>
public class GraceDeadlineSplitTests
{
    // Real time, only to turn a hang into a failure: every step before it waits for an event.
    private static readonly TimeSpan HangDetector = TimeSpan.FromMinutes(1);

    private static Batch BatchOf(LogEntry[] entries) => new(entries, entries.Length, 1, SinkDrive.Start);

    [Fact]
    public async Task The_drain_counts_what_a_write_stored_before_the_deadline_cut_it_short()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(SinkDrive.Start);
        var sink = new HalfThenWaitsSink();
        var pipeline = new SinkPipeline(sink, FakeClockRun.SinkConfig("half"), time, NullLogger.Instance);
        pipeline.Start();

        await pipeline.EnqueueAsync(BatchOf(SinkDrive.Entries(TestPools.Small(), 100)), ct);
        await sink.HalfStored.Task.WaitAsync(HangDetector, ct);
        var drain = pipeline.CompleteAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));
        await drain.WaitAsync(HangDetector, ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"half stored, half cut short: delivered {pipeline.Stats.Delivered}, failed {pipeline.Stats.Failed} ({pipeline.Stats.FirstError})");
        Assert.Equal((50L, 50L, 0L), (pipeline.Stats.Delivered, pipeline.Stats.Failed, pipeline.Stats.Dropped));
        Assert.Contains("grace period ended", pipeline.Stats.FirstError);
    }

    [Fact]
    public async Task The_bulk_writer_keeps_the_items_of_requests_answered_before_the_deadline()
    {
        var ct = TestContext.Current.CancellationToken;
        var pool = TestPools.Small();
        var batch = BatchOf(SinkDrive.Entries(pool, 20));
        var firstRequest = 0;
        var secondSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        // One request at a time, a few documents each: the first is answered (every item stored), the second never is.
        var writer = new BulkWriter("Elasticsearch", maxBytes: 700, maxInFlight: 1, async (documents, token) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstRequest = documents.Count;
                return new BulkAnswer(200, null, [.. documents.Select(_ => new BulkItemAnswer(201, null, null))]);
            }
            secondSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var deadline = new CancellationTokenSource();

        var write = writer.WriteAsync(batch, new BulkDocuments(pool.Embedding!, withVectors: false), deadline.Token);
        await secondSent.Task.WaitAsync(HangDetector, ct);
        await deadline.CancelAsync();
        var result = await write.WaitAsync(HangDetector, ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"bulk: first request {firstRequest} documents answered; left over {result.Remainder?.Count}, failed {result.Failed} ({result.RemainderReason})");
        Assert.InRange(firstRequest, 1, 19);
        Assert.Equal(0, result.Failed);
        Assert.Equal(20 - firstRequest, result.Remainder?.Count);
        Assert.Contains("grace period ended", result.RemainderReason);
    }

    [Fact]
    public async Task Pgvector_slices_that_committed_stay_stored_when_another_is_cut_short()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1"); // never opened: the slice writers below are the test's
        var blocked = new WaitingSliceWriter();
        IPgVectorSliceWriter[] writers = [new CommittingSliceWriter(), blocked];
        using var deadline = new CancellationTokenSource();

        var write = PgVectorSlices.WriteAsync(writers, dataSource, BatchOf(SinkDrive.Entries(TestPools.Small(), 10)), _ => true, e => e.Message, deadline.Token);
        await blocked.Started.Task.WaitAsync(HangDetector, ct);
        await deadline.CancelAsync();
        var outcome = await write.WaitAsync(HangDetector, ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"pgvector: 2 slices of 5, one committed: left over {outcome.Result.Remainder?.Count}, failed {outcome.Result.Failed} ({outcome.Result.RemainderReason})");
        Assert.Equal(0, outcome.Result.Failed);
        Assert.Equal(5, outcome.Result.Remainder?.Count);
        Assert.Contains("grace period ended", outcome.Result.RemainderReason);
    }

    [Fact]
    public async Task Qdrant_requests_answered_before_the_deadline_stay_stored_when_another_is_cut_short()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FakeQdrantServer.StartAsync(cancellationToken: ct);
        // Four requests of 250, one at a time: three answered, the fourth applied and its answer held.
        server.FailNextUpserts(3, FakeQdrantFault.None);
        server.FailNextUpserts(1, FakeQdrantFault.AnsweredAfterTheDeadline);
        var pool = TestPools.Small(dimensions: 8);
        await using var sink = new QdrantSink("qdrant", new QdrantSinkOptions
        {
            Endpoint = server.Endpoint,
            ApiKey = server.ApiKey,
            Collection = "logs",
            BatchSize = 250,
            MaxInFlight = 1,
            Timeout = TimeSpan.FromMinutes(10),
        }, TimeProvider.System, NullLoggerFactory.Instance);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), ct);
        using var deadline = new CancellationTokenSource();

        var write = sink.WriteAsync(BatchOf(SinkDrive.Entries(pool, 1_000)), deadline.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // The fourth request is on the server only once the client has the first three answers.
        while (server.Collection("logs").Points.Count < 1_000 && waited.Elapsed < HangDetector) await Task.Delay(10, ct);
        await deadline.CancelAsync();
        var result = await write.WaitAsync(HangDetector, ct);

        var left = result.Remainder?.Count ?? 0;
        TestContext.Current.TestOutputHelper?.WriteLine($"qdrant: 4 requests of 250, one held: stored {1_000 - left - result.Failed}, left over {left}, failed {result.Failed} ({result.RemainderReason})");
        Assert.Equal(0, result.Failed);
        Assert.Equal(250, left); // the held request; the three answered stay stored
        Assert.Contains("grace period ended", result.RemainderReason);
    }

    /// <summary>Stores the first half of its batch, then waits for the rest until cancelled, and says so.</summary>
    private sealed class HalfThenWaitsSink : ILogSink
    {
        public string Name => "half";
        public TaskCompletionSource HalfStored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task InitializeAsync(SinkContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
        {
            var half = batch.Count / 2;
            HalfStored.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            return WriteResult.Retry(batch.Subset(Enumerable.Range(half, batch.Count - half)), "cut short: the grace period ended");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class CommittingSliceWriter : IPgVectorSliceWriter
    {
        public Task WriteAsync(NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class WaitingSliceWriter : IPgVectorSliceWriter
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task WriteAsync(NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries, CancellationToken ct)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }
    }
}
