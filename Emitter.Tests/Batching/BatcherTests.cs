using System.Runtime.InteropServices;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Batching;

public class BatcherTests
{
    private static LogEntry[] Entries(int count)
    {
        var message = TestPools.Small().Messages[0];
        return Enumerable.Range(0, count).Select(_ => new LogEntry(Guid.CreateVersion7(), DateTimeOffset.UnixEpoch, "api", message.Level, message)).ToArray();
    }

    [Fact]
    public void Seals_a_batch_whenever_buffer_size_is_reached()
    {
        var batcher = new Batcher(100, TimeSpan.FromSeconds(1), new FakeTimeProvider());
        var sealedBatches = new List<Batch>();

        batcher.Add(Entries(250), sealedBatches);

        Assert.Equal([100, 100], sealedBatches.Select(b => b.Count));
        Assert.Equal([1L, 2L], sealedBatches.Select(b => b.Sequence));
        Assert.Equal(50, batcher.FlushRemaining()!.Count);
        Assert.Null(batcher.FlushRemaining());
    }

    [Fact]
    public void Flushes_on_the_interval_and_an_empty_tick_restarts_the_clock()
    {
        var time = new FakeTimeProvider();
        var batcher = new Batcher(100, TimeSpan.FromSeconds(1), time);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(batcher.FlushIfDue()); // empty tick
        Assert.Equal(TimeSpan.FromSeconds(1), batcher.UntilDue()); // ...restarted the clock: no spinning

        batcher.Add(Entries(10), []);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Null(batcher.FlushIfDue());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(10, batcher.FlushIfDue()!.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), batcher.UntilDue());
    }

    [Fact]
    public void A_partial_flush_holds_only_its_entries_not_a_buffer_size_array()
    {
        var time = new FakeTimeProvider();
        var batcher = new Batcher(100_000, TimeSpan.FromSeconds(1), time);

        batcher.Add(Entries(10), []);
        time.Advance(TimeSpan.FromSeconds(1));
        var interval = batcher.FlushIfDue()!;
        batcher.Add(Entries(3), []);
        var last = batcher.FlushRemaining()!;

        // The queue keeps batches alive: their memory must follow their content, not buffer_size.
        Assert.Equal([10, 3], new[] { interval, last }.Select(BackingArrayLength));
        Assert.Equal(13, interval.Entries.ToArray().Concat(last.Entries.ToArray()).Select(e => e.Id).Distinct().Count());
    }

    private static int BackingArrayLength(Batch batch) =>
        MemoryMarshal.TryGetArray(batch.Entries, out var segment) ? segment.Array!.Length : throw new InvalidOperationException("not array-backed");
}
