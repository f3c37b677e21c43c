using Emitter.Generator.Bench.Driver;
using Emitter.Generator.Bench.Measurement;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.Fakes;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Bench;

/// <summary>
/// What every store's tests share: a sink and its search store made from one sink config through
/// the catalogs (as a run makes them), entries written through the real sink, exact queries in each
/// mode, and the bench's own open-loop driver and measurement classes run against a store.
/// </summary>
internal static class SearchStoreChecks
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static SinkConfig Sink(string type, params (string Key, string Value)[] settings) =>
        new(type, type, OnFullPolicy.Block, SinkConfig.DefaultQueueCapacity,
            SinkSettings.Of("test.yaml", "sinks[0]", settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));

    /// <summary>
    /// One entry per pool message written through the sink, then the store opened on what it wrote.
    /// The pool's 20 messages have distinct one-hot vectors and texts sharing words ("INFO message 2").
    /// </summary>
    public static async Task<(ISearchStore Store, LogEntry[] Entries, MessagePool Pool)> WriteThenOpenAsync(SinkConfig config, SearchShape? shape = null)
    {
        var pool = TestPools.Small(perLevel: 5, dimensions: 32);
        var services = new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);
        var entries = SinkDrive.Entries(pool, pool.Messages.Count);
        await using (var sink = SinkCatalog.Default.Create(config, services))
        {
            var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries);
            Assert.Equal((entries.Length, 0L), (stats.Delivered, stats.Failed));
        }
        var store = await OpenAsync(config, pool, shape);
        // Elasticsearch and OpenSearch make a write searchable at the next refresh (FakeRefresh): one
        // _refresh, as a bench's pre-seed ends, so what was written is there to find.
        if (config.Type is SinkTypes.Elasticsearch or SinkTypes.OpenSearch) await store.BuildIndexesAsync(Ct);
        return (store, entries, pool);
    }

    /// <summary>The search store a run makes from this sink config and shape (the catalog's), initialised on the pool.</summary>
    public static async Task<ISearchStore> OpenAsync(SinkConfig config, MessagePool pool, SearchShape? shape = null)
    {
        var services = new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);
        var store = Assert.Single(SinkCatalog.Default.CreateSearchStores([config], services, "test.yaml", shape: shape));
        await store.InitializeAsync(new SinkContext(pool, pool.Embedding!), Ct);
        return store;
    }

    /// <summary>Asked for an entry's exact text and exact stored vector, every mode (or those given) ranks that entry first.</summary>
    public static async Task AssertEachModeFindsTheExactEntryFirstAsync(ISearchStore store, LogEntry[] entries, MessagePool pool, params SearchMode[] modes)
    {
        foreach (var known in new[] { entries[7], entries[13] })
        {
            var stored = EmbeddingJitter.Apply(known.Message.Vector.Span, known.Id, pool.Embedding!.Jitter);
            foreach (var mode in modes.Length > 0 ? modes : SearchModes.All)
            {
                var hits = await store.SearchAsync(mode, known.Text, stored, topK: 5, Ct);
                Assert.True(hits.Count > 0 && hits[0] == known.Id,
                    $"{mode.Name()} for '{known.Text}': expected {known.Id} first, got [{string.Join(", ", hits)}]");
                Assert.True(hits.Count <= 5, $"{mode.Name()} returned {hits.Count} > top_k");
            }
        }
    }

    /// <summary>
    /// The bench's match and fetch in this store's form: with match any, a query of an entry's
    /// text plus a word no entry holds still finds it first; with match all it finds nothing.
    /// A payload fetch ranks exactly as an ids fetch.
    /// </summary>
    public static async Task AssertMatchAndFetchAsync(SinkConfig config)
    {
        var (any, entries, pool) = await WriteThenOpenAsync(config, SearchShape.Default with { Fetch = FetchMode.Payload });
        await using var _ = any;
        await using var all = await OpenAsync(config, pool, SearchShape.Default with { Match = MatchMode.All });
        var known = entries[7];
        var query = known.Text + " zyxwvutsrq";

        var anyHits = await any.SearchAsync(SearchMode.Keyword, query, known.Message.Vector, 5, Ct);
        Assert.True(anyHits.Count > 0 && anyHits[0] == known.Id, $"match any, '{query}': [{string.Join(", ", anyHits)}]");
        Assert.Empty(await all.SearchAsync(SearchMode.Keyword, query, known.Message.Vector, 5, Ct));
        Assert.Equal(await all.SearchAsync(SearchMode.Vector, known.Text, known.Message.Vector, 5, Ct), await any.SearchAsync(SearchMode.Vector, known.Text, known.Message.Vector, 5, Ct));
        Assert.Equal(known.Id, (await all.SearchAsync(SearchMode.Keyword, known.Text, known.Message.Vector, 5, Ct))[0]);
    }

    /// <summary>As a run's warm-up: the client's code compiled and its connection open before anything is measured.</summary>
    public static async Task WarmUpAsync(ISearchStore store, LogEntry known)
    {
        for (var i = 0; i < 10; i++)
            foreach (var mode in SearchModes.All) await store.SearchAsync(mode, known.Text, known.Message.Vector, 10, Ct);
    }

    /// <summary>
    /// The bench's open-loop driver (Poisson arrivals, latency from the scheduled time) against one
    /// store and mode for <paramref name="duration"/>, measured by BenchMeasurements as in a run;
    /// beside it, the longest this process stalled (<see cref="Driven.StallMs"/>).
    /// </summary>
    public static async Task<Driven> DriveAsync(ISearchStore store, SearchMode mode, LogEntry known, double ratePerSec, TimeSpan duration, int seed)
    {
        var measurements = new BenchMeasurements(new PhaseClock([new BenchPhase("measured", duration.TotalSeconds, 0)]), [store.Name], [mode]);
        var driver = new OpenLoopDriver(TimeProvider.System, new PoissonSchedule(ratePerSec, new Random(seed)), maxOutstanding: 1000);
        var vector = known.Message.Vector;
        using var driven = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var stall = LongestStallAsync(driven.Token);
        await driver.RunAsync(TimeProvider.System.GetTimestamp(), duration,
            ct => store.SearchAsync(mode, known.Text, vector, 10, ct), outcome => measurements.Query(store.Name, mode, outcome), Ct);
        await driven.CancelAsync();
        return new Driven(measurements.For(store.Name, mode).Queries[0], (await stall).TotalMilliseconds);
    }

    /// <param name="StallMs">The longest this process could not run a thread-pool continuation while the queries ran.</param>
    public sealed record Driven(QueryCell Cell, double StallMs);

    /// <summary>
    /// jHiccup's measure (from HdrHistogram's author): ask to wake every millisecond on the thread
    /// pool the queries' continuations use and keep the largest overshoot. A stall there (a GC, the
    /// process not scheduled on two busy cores) delays every query in flight by as long.
    /// </summary>
    private static async Task<TimeSpan> LongestStallAsync(CancellationToken stop)
    {
        var longest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var asked = TimeProvider.System.GetTimestamp();
            await Task.Delay(1, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var overshoot = TimeProvider.System.GetElapsedTime(asked) - TimeSpan.FromMilliseconds(1);
            if (overshoot > longest) longest = overshoot;
        }
        return longest;
    }

    /// <summary>The first <paramref name="count"/> delays of the fake's seeded sequence: exactly the ones its queries waited, in some order.</summary>
    public static LatencySnapshot Injected(Func<TimeSpan> next, long count)
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < count; i++) histogram.Record(next());
        return histogram.Snapshot();
    }

    /// <summary>
    /// Measured p50/p99 against the injected delays' p50/p99. Each query's measured latency is its
    /// injected delay plus what the client, the network stack and the scheduler add, which is never
    /// negative; so each order statistic of the measured latencies is at least the same order
    /// statistic of the injected delays, whatever else runs on the machine. Below: tight, 5 ms,
    /// because .NET timers count whole milliseconds on a coarse clock (a delay may end a few ms
    /// early). Above: +100 ms at p50 and +500 ms at p99, plus the longest stall the process had
    /// meanwhile (two busy cores stalled it ~1 s once in a soak); a unit or clock mix-up is off by
    /// far more than either.
    /// </summary>
    public static void AssertFollows(LatencySnapshot injected, Driven measured, long served)
    {
        var cell = measured.Cell;
        Assert.True(cell.Errors == 0, $"{cell.Errors} queries failed; first: {cell.FirstError}");
        var latency = cell.Latency.Snapshot();
        Assert.Equal(served, latency.Count);
        Assert.True(served > 50, $"only {served} queries: too few for a p99");
        var figures = $"measured p50 {latency.P50Ms} ms p99 {latency.P99Ms} ms; injected p50 {injected.P50Ms} ms p99 {injected.P99Ms} ms; longest stall {measured.StallMs:0.#} ms";
        Assert.True(latency.P50Ms >= injected.P50Ms - 5 && latency.P50Ms <= injected.P50Ms + 100 + measured.StallMs, $"p50: {figures}");
        Assert.True(latency.P99Ms >= injected.P99Ms - 5 && latency.P99Ms <= injected.P99Ms + 500 + measured.StallMs, $"p99: {figures}");
        TestContext.Current.TestOutputHelper?.WriteLine(figures);
    }
}
