using System.Text.Json;
using Emitter.Generator;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.Bench;
using Emitter.Tests.Cli;
using Emitter.Tests.Fakes;
using Emitter.Tests.Faults;
using Emitter.Tests.PgVector;
using Emitter.Tests.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Contract;

/// <summary>
/// The contract every store's sink and search keep, written once and run for each store
/// (<see cref="ContractStores"/>): pgvector on the real server, Qdrant, Elasticsearch and
/// OpenSearch on their fakes, and the real servers where a container runtime answers. What a
/// store adds of its own (schemas, credentials, versions, options) stays in its own tests.
/// </summary>
public class StoreContractTests(ContractContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Real time, only to turn a hang into a failure.
    private static readonly TimeSpan HangDetector = TimeSpan.FromMinutes(3);

    public enum WireFault
    {
        /// <summary>40 ms on every chunk each way.</summary>
        Delay,

        /// <summary>RST after 150 kB toward the server: inside a write.</summary>
        ResetMidRequest,

        /// <summary>After 150 kB of requests, the next answer is dropped and the connection reset: a write the server may have stored.</summary>
        ResetOnReply,
    }

    public static TheoryData<string> Stores => ContractStores.Each();
    public static TheoryData<string, WireFault> StoresAndWireFaults => ContractStores.EachWith(Enum.GetValues<WireFault>());
    public static TheoryData<string, IndexMode> StoresAndIndexModes => ContractStores.EachWith(IndexMode.Hybrid, IndexMode.Keyword, IndexMode.Vector);
    public static TheoryData<string, SearchMode> StoresAndSearchModes => ContractStores.EachWith([.. SearchModes.All]);

    /// <summary>Each mode met by another, each mode once on either side.</summary>
    public static TheoryData<string, IndexMode, IndexMode> StoresAndModeChanges()
    {
        var data = new TheoryData<string, IndexMode, IndexMode>();
        foreach (var store in ContractStores.All)
            foreach (var (built, wanted) in new[] { (IndexMode.Hybrid, IndexMode.Keyword), (IndexMode.Keyword, IndexMode.Vector), (IndexMode.Vector, IndexMode.Hybrid) })
                data.Add(store, built, wanted);
        return data;
    }

    private Task<ContractStore> StartAsync(string name, bool restartable = false) => ContractStores.StartAsync(name, containers, restartable);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Each_entry_is_stored_once_through_transient_failures_and_a_batch_written_again(string name)
    {
        await using var store = await StartAsync(name);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 1_000);
        await using var sink = store.Sink();

        var (stats, retries) = await SinkDrive.RunAsync(sink, pool, [.. entries, .. entries[..500]], batchSize: 500,
            afterInitialize: store.PlaysFaults ? () => store.FailNextWritesAsync(2) : null);

        Assert.True((stats.Delivered, stats.Failed, stats.Dropped) == (1_500L, 0L, 0L), $"{stats.Delivered} delivered, {stats.Failed} failed: {stats.FirstError}");
        if (store.PlaysFaults) Assert.True(retries >= 1, "the transient failures cost no retry");
        Assert.Equal(entries.Select(e => e.Id).ToHashSet(), await store.StoredIdsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Entries_refused_for_good_are_counted_failed_with_the_reason_and_the_rest_are_stored_once(string name)
    {
        await using var store = await StartAsync(name);
        if (!store.PlaysFaults) Assert.Skip(ContainerContractStore.NoCue);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 2_000);
        // Two near the start: however the pipeline joins or slices the batches, the rest of them are written apart.
        HashSet<Guid> refused = [entries[10].Id, entries[400].Id];
        await using var sink = store.Sink();

        var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: 1_000, afterInitialize: () => store.RefuseAsync(refused));

        var stored = await store.StoredIdsAsync();
        Assert.Equal((2_000L, 0L), (stats.Delivered + stats.Failed, stats.Dropped));
        // Item by item where the store answers so; else what the refused entry's request or transaction (a slice of a batch) carried.
        if (store.RefusesSingleEntries) Assert.Equal(2, stats.Failed);
        else Assert.InRange(stats.Failed, 2, 1_999);
        Assert.Contains(store.RefusalReason, stats.FirstError);
        Assert.Equal(stats.Delivered, stored.Count);
        Assert.False(stored.Overlaps(refused), "a refused entry was stored");
        Assert.Subset(entries.Select(e => e.Id).ToHashSet(), stored.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(StoresAndWireFaults))]
    public async Task A_run_through_a_faulty_wire_holds_every_emitted_entry_once(string name, WireFault fault)
    {
        await using var store = await StartAsync(name);
        await using var proxy = store.Proxy();
        switch (fault)
        {
            case WireFault.Delay:
                proxy.ToServerDelay = proxy.ToClientDelay = TimeSpan.FromMilliseconds(40);
                break;
            case WireFault.ResetMidRequest:
                proxy.ResetAfterBytes(150_000);
                break;
            case WireFault.ResetOnReply:
                proxy.ResetOnReplyAfter(150_000);
                break;
        }

        var outcome = await FaultRun.RunAsync(store.Yaml(proxy.Port), store.Type);

        outcome.AssertAllDelivered();
        if (fault != WireFault.Delay)
        {
            Assert.True(proxy.Injected.Task.IsCompleted, $"the fault never fired: {outcome.Errors}");
            Assert.True(outcome.Retried > 0, outcome.Errors);
        }
        Assert.Equal(outcome.Emitted, (await store.StoredIdsAsync()).Count);
    }

    /// <summary>
    /// The server goes away in the middle of a run and comes back with what it stored: the pipeline's
    /// retries fill the gap, and writes retried after an unknown outcome add nothing. Every step waits
    /// for an event: entries arrive, the generator finds the server down (a refused connection at the
    /// proxy in front of it), entries arrive again after the restart; only then does the run stop.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_store_restarted_during_a_run_loses_and_duplicates_nothing(string name)
    {
        await using var store = await StartAsync(name, restartable: true);
        if (!store.PlaysFaults) await store.StopAsync(); // skips, saying why
        await using var proxy = store.Proxy();
        using var cache = new TempConfig("");
        using var summaryFile = new TempConfig("");
        using var config = new TempConfig(GeneratorAppTests.Config(cache.Directory, store.Yaml(proxy.Port), "run_duration_secs: 0"));
        var stderr = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = new GeneratorApp(new MemoryStream(), TextWriter.Synchronized(stderr))
            .RunAsync(new GeneratorOptions(config.Path, new ConfigOverrides(), summaryFile.Path), stop.Token);

        await StoredAboveAsync(store, 0, run).WaitAsync(HangDetector, Ct);
        await store.StopAsync();
        await proxy.UpstreamRefused.Task.WaitAsync(HangDetector, Ct); // a write met the outage
        await store.RestartAsync();
        var before = (await store.StoredIdsAsync()).Count;
        await StoredAboveAsync(store, before, run).WaitAsync(HangDetector, Ct); // and writing resumed
        await stop.CancelAsync(); // as Ctrl+C does: the emitters stop, the queues drain

        var exit = await run.WaitAsync(HangDetector, Ct);
        var errors = stderr.ToString();
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile.Path, Ct));
        var emitted = summary.RootElement.GetProperty("emitted").GetInt64();
        var sink = summary.RootElement.GetProperty("sinks").GetProperty(store.Type);
        Assert.True(exit == 0, errors);
        Assert.True(sink.GetProperty("retried").GetInt64() > 0, "the outage was not noticed: " + errors);
        Assert.Equal(0, sink.GetProperty("failed").GetInt64());
        Assert.Equal(emitted, sink.GetProperty("delivered").GetInt64());
        Assert.Equal(emitted, (await store.StoredIdsAsync()).Count);
    }

    /// <summary>Waits until the store holds more than <paramref name="above"/> entries (polling is how its change is observed); fails if the run ends first.</summary>
    private static async Task StoredAboveAsync(ContractStore store, int above, Task run)
    {
        while (true)
        {
            Assert.False(run.IsCompleted, "the run ended before the entries this step waits for");
            if ((await store.StoredIdsAsync()).Count > above) return;
            await Task.Delay(50, Ct);
        }
    }

    [Theory]
    [MemberData(nameof(StoresAndIndexModes))]
    public async Task Each_index_mode_stores_every_entry_with_only_what_it_searches(string name, IndexMode mode)
    {
        await using var store = await StartAsync(name);
        var pool = TestPools.Small(dimensions: 8);
        var entries = SinkDrive.Entries(pool, 60);
        await using var sink = store.Sink(mode);

        var (stats, _) = await SinkDrive.RunAsync(sink, pool, entries, batchSize: 20);

        Assert.True(stats.Delivered == 60, stats.FirstError);
        Assert.Equal(entries.Select(e => e.Id).ToHashSet(), await store.StoredIdsAsync());
        Assert.Equal(new StoredShape(mode.HasVectors(), mode.HasText(), mode.HasVectors()), await store.ShapeAsync(entries[5].Id));
    }

    [Theory]
    [MemberData(nameof(StoresAndModeChanges))]
    public async Task A_store_built_for_another_index_mode_is_refused_in_one_line_naming_both(string name, IndexMode built, IndexMode wanted)
    {
        await using var store = await StartAsync(name);
        var pool = TestPools.Small(dimensions: 8);
        var context = new SinkContext(pool, pool.Embedding!);
        await using (var first = store.Sink(built)) await first.InitializeAsync(context, Ct);

        await using var sink = store.Sink(wanted);
        var error = await Assert.ThrowsAsync<ConfigException>(() => sink.InitializeAsync(context, Ct));

        foreach (var part in new[] { store.Target, $"index_mode {built.Name()}", $"index_mode {wanted.Name()}" }) Assert.Contains(part, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_store_of_other_dimensions_is_refused_naming_both_and_the_key_to_change(string name)
    {
        await using var store = await StartAsync(name);
        var other = TestPools.Small(dimensions: 16);
        await using (var first = store.Sink()) await first.InitializeAsync(new SinkContext(other, other.Embedding!), Ct);

        var pool = TestPools.Small(dimensions: 8);
        await using var sink = store.Sink();
        var error = await Assert.ThrowsAsync<ConfigException>(() => sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), Ct));

        foreach (var part in new[] { store.Target, "16", "8", store.TargetKey }) Assert.Contains(part, error.Message);
        Assert.DoesNotContain(store.Secret, error.Message);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_store_of_another_model_with_the_same_dimensions_is_refused_naming_both(string name)
    {
        await using var store = await StartAsync(name);
        var pool = TestPools.Small(dimensions: 8);
        await using (var first = store.Sink()) await first.InitializeAsync(new SinkContext(pool, pool.Embedding!), Ct);

        await using var sink = store.Sink();
        var error = await Assert.ThrowsAsync<ConfigException>(() => sink.InitializeAsync(new SinkContext(pool, pool.Embedding! with { Model = "other-model" }), Ct));

        foreach (var part in new[] { store.Target, "one-hot", "other-model" }) Assert.Contains(part, error.Message);
        await using var same = store.Sink();
        await same.InitializeAsync(new SinkContext(pool, pool.Embedding!), Ct); // the store's own model still writes
    }

    /// <summary>
    /// Entries written after the search side opened (as the bench writes while it queries) are found
    /// once the store has been refreshed (the bench's step after a pre-seed: _refresh, index builds).
    /// </summary>
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Entries_written_after_the_search_opened_are_found_after_the_refresh(string name)
    {
        await using var store = await StartAsync(name);
        var pool = TestPools.Small(perLevel: 5, dimensions: 32);
        var first = SinkDrive.Entries(pool, pool.Messages.Count);
        await using (var sink = store.Sink()) Assert.Equal(first.Length, (await SinkDrive.RunAsync(sink, pool, first)).Stats.Delivered);
        await using var search = store.SearchStore();
        await search.InitializeAsync(new SinkContext(pool, pool.Embedding!), Ct);

        var second = SinkDrive.Entries(pool, pool.Messages.Count, "worker");
        await using (var sink = store.Sink()) Assert.Equal(second.Length, (await SinkDrive.RunAsync(sink, pool, second)).Stats.Delivered);
        await search.BuildIndexesAsync(Ct);

        foreach (var i in new[] { 3, 11, 17 })
        {
            var hits = await search.SearchAsync(SearchMode.Keyword, first[i].Text, first[i].Message.Vector, 5, Ct);
            Assert.True(hits.Contains(first[i].Id) && hits.Contains(second[i].Id),
                $"'{first[i].Text}': expected {first[i].Id} and {second[i].Id} among [{string.Join(", ", hits)}]");
        }
    }

    [Theory]
    [MemberData(nameof(StoresAndSearchModes))]
    public async Task Each_search_mode_ranks_the_entry_of_an_exact_text_and_vector_first(string name, SearchMode mode)
    {
        await using var store = await StartAsync(name);
        var (search, entries, pool) = await SearchStoreChecks.WriteThenOpenAsync(store.Config());
        await using var _ = search;

        await SearchStoreChecks.AssertEachModeFindsTheExactEntryFirstAsync(search, entries, pool, mode);
    }

    /// <summary>Setup waits the one patience every sink gets (a warning per retry, on the run's clock), then stops the run before emission in one line.</summary>
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_unreachable_store_is_waited_for_then_stops_the_run_before_emission_with_one_line(string name)
    {
        await using var store = await StartAsync(name);
        var port = PgVectorScripts.FreePort(); // a port nobody listens on
        var (settings, secret) = store.Unreachable(port);
        using var cache = new TempConfig("");

        var (exit, lines, errors) = await GeneratorAppTests.RunAsync(GeneratorAppTests.Config(cache.Directory, ContractStore.YamlOf(store.Type, settings)),
            new FakeTimeProvider(), "--duration-secs", "1");

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        var line = Assert.Single(errors.Split('\n'), l => l.Contains("not ready after 60 s", StringComparison.Ordinal));
        Assert.StartsWith($"Sink {store.Type}: ", line.TrimStart());
        Assert.Contains($"127.0.0.1:{port}", line);
        Assert.Contains(errors.Split('\n'), l => l.Contains("not ready (", StringComparison.Ordinal)); // a warning per retry
        Assert.DoesNotContain("   at ", errors);
        Assert.DoesNotContain(secret, errors);
    }
}
