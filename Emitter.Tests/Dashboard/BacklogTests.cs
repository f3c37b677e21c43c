using System.Text.Json;
using Emitter.Dashboard.Contract;

namespace Emitter.Tests.Dashboard;

/// <summary>A client that connects gets, before any flush, the newest entries the dashboard kept and its totals since it started.</summary>
public class BacklogTests
{
    private static List<Guid> Ids(JsonElement frame) =>
        frame.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();

    private static Dictionary<string, long> Counts(JsonElement frame, string name) =>
        frame.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    [Fact]
    public async Task A_client_connecting_after_flushes_gets_the_newest_entries_oldest_first_and_the_totals()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:BacklogEntries=50");
        await using var early = await StreamClient.ConnectAsync(server.WebSocketUri);
        var empty = await early.ReceiveBacklogAsync();
        Assert.Equal(0, empty.GetProperty("total_count").GetInt64());
        Assert.Empty(Ids(empty));

        // 5 flushes of 20 (5 of each level): 100 entries, more than the 50 kept.
        string[] services = ["api", "api", "web", "db", "web"];
        var published = new List<IngestEntry>();
        for (var i = 0; i < services.Length; i++)
        {
            var batch = TestBatches.Create(i + 1, 20, service: services[i]);
            published.AddRange(batch.Entries);
            await server.PostAsync(batch);
        }

        await using var late = await StreamClient.ConnectAsync(server.WebSocketUri);
        var backlog = await late.ReceiveBacklogAsync();
        Assert.Equal(published[^50..].Select(e => e.Id), Ids(backlog));
        Assert.Equal(100, backlog.GetProperty("total_count").GetInt64());
        Assert.Equal(5, backlog.GetProperty("flushes").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["api"] = 40, ["web"] = 40, ["db"] = 20 }, Counts(backlog, "by_service"));
        Assert.Equal(new Dictionary<string, long> { ["DEBUG"] = 25, ["INFO"] = 25, ["WARN"] = 25, ["ERROR"] = 25 }, Counts(backlog, "by_level"));

        // Then flushes as usual, from the next one on; a flush larger than the backlog leaves only its newest.
        var large = TestBatches.Create(6, 70, service: "db");
        await server.PostAsync(large);
        var flush = Assert.Single(await late.ReceiveUntilAsync(70, TimeSpan.FromSeconds(30)));
        Assert.Equal(6, flush.GetProperty("sequence").GetInt64());
        Assert.Equal(large.Entries.Select(e => e.Id), Ids(flush));

        await using var last = await StreamClient.ConnectAsync(server.WebSocketUri);
        var after = await last.ReceiveBacklogAsync();
        Assert.Equal(170, after.GetProperty("total_count").GetInt64());
        Assert.Equal(90, Counts(after, "by_service")["db"]);
        // Entries are written exactly as in the flush frame.
        Assert.Equal(flush.GetProperty("entries").EnumerateArray().Skip(20).Select(e => e.GetRawText()),
            after.GetProperty("entries").EnumerateArray().Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task Clients_connecting_while_batches_arrive_get_each_entry_once_with_no_gap_between_backlog_and_flushes()
    {
        const int Connectors = 3, ClientsEach = 80, Publishers = 3, FlushesRead = 10;
        // Queues that never drop here: a dropped flush would be a gap this test did not mean.
        await using var server = await DashboardServer.StartAsync("--Dashboard:BacklogEntries=50", "--Dashboard:ClientQueueBytes=1000000000");
        var ct = TestContext.Current.CancellationToken;
        // Connected before anything is published, it receives every flush in the order the dashboard published them.
        await using var witness = await StreamClient.ConnectAsync(server.WebSocketUri);
        Assert.Empty(Ids(await witness.ReceiveBacklogAsync()));
        var witnessed = ReadAsync(witness, until: -1);

        // Publishers post single-entry batches as fast as they can until every client has read its share.
        using var stop = new CancellationTokenSource();
        var publishing = Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            for (var sequence = p * 1_000_000L; !stop.IsCancellationRequested; sequence++)
                await server.PostAsync(TestBatches.Create(sequence, 1));
        }, ct)).ToArray();
        var connecting = Enumerable.Range(0, Connectors).Select(_ => Task.Run(async () =>
        {
            var seen = new List<(JsonElement Backlog, List<Guid> Ids)>();
            for (var i = 0; i < ClientsEach; i++)
            {
                await using var client = await StreamClient.ConnectAsync(server.WebSocketUri);
                var backlog = await client.ReceiveBacklogAsync();
                var ids = Ids(backlog);
                ids.AddRange(await ReadAsync(client, flushes: FlushesRead));
                seen.Add((backlog, ids));
            }
            return seen;
        }, ct)).ToArray();

        var clients = (await Task.WhenAll(connecting)).SelectMany(c => c).ToList();
        await stop.CancelAsync();
        await Task.WhenAll(publishing);
        await server.PostAsync(TestBatches.Create(-1, 1));
        var order = await witnessed;

        Assert.Equal(order.Count, order.Distinct().Count());
        var midStream = 0;
        foreach (var (backlog, ids) in clients)
        {
            var first = order.IndexOf(ids[0]);
            Assert.True(first >= 0, "a client received an entry the dashboard never published");
            // Backlog then flushes: a contiguous run of what was published, no duplicate, no gap.
            Assert.Equal(order[first..(first + ids.Count)], ids);
            var kept = backlog.GetProperty("entries").GetArrayLength();
            Assert.Equal(first + kept, backlog.GetProperty("total_count").GetInt64());
            if (kept > 0) midStream++;
        }
        Assert.True(midStream > 0, "no client connected after entries were published");
        Assert.Equal(0, witness.Missed);
    }

    /// <summary>The ids of the flushes a client receives, up to the one with sequence <paramref name="until"/> or this many flushes.</summary>
    private static async Task<List<Guid>> ReadAsync(StreamClient client, long until = long.MinValue, int flushes = int.MaxValue)
    {
        var ids = new List<Guid>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        for (var read = 0; read < flushes;)
        {
            var frame = await client.ReceiveAsync(timeout.Token);
            Assert.NotEqual("backlog", frame.GetProperty("type").GetString());
            if (frame.GetProperty("type").GetString() != "flush") continue;
            ids.AddRange(Ids(frame));
            read++;
            if (frame.GetProperty("sequence").GetInt64() == until) break;
        }
        return ids;
    }
}
