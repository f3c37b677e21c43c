using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Emitter.Tests.Dashboard;

/// <summary>Issue 21, point 3: what the dashboard refuses, with which status, and the client it drops.</summary>
public class DashboardLimitsTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string path, string body, string contentType, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static string Batch() => JsonSerializer.Serialize(TestBatches.Create(1, 3), Emitter.Dashboard.Contract.IngestJson.Default.IngestBatch);

    [Fact]
    public async Task An_unknown_charset_is_415_not_a_stack_trace_in_development()
    {
        await using var server = await DashboardServer.StartAsync("--environment=Development");
        var (status, body) = await PostAsync(server.Http, "/ingest", Batch(), "application/json; charset=x-no-such-charset");
        TestContext.Current.TestOutputHelper?.WriteLine($"/ingest charset=x-no-such-charset: {(int)status} {body}");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.DoesNotContain("   at ", body);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync(server.Http, "/bench", "{}", "application/json; charset=latin1")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(server.Http, "/ingest", Batch(), "application/json; charset=utf-8")).Status);
    }

    [Fact]
    public async Task Bench_bodies_are_capped_and_null_stores_are_refused()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:MaxBenchBytes=4096");
        const string Snapshot = """{"at":"2026-12-05T00:00:00Z","phase":"p","phase_index":0,"phases":["p"],"elapsed_secs":1,"duration_secs":2,"finished":false,"stores":STORES}""";
        var nullStore = await PostAsync(server.Http, "/bench", Snapshot.Replace("STORES", "[null]"), "application/json");
        var nullName = await PostAsync(server.Http, "/bench", Snapshot.Replace("STORES", """[{"mode":"vector"}]"""), "application/json");
        var nullPhase = await PostAsync(server.Http, "/bench", Snapshot.Replace("STORES", "[]").Replace("""["p"]""", "[null]"), "application/json");
        var large = await PostAsync(server.Http, "/bench", Snapshot.Replace("STORES", "[]").Replace("\"p\"", $"\"{new string('p', 5000)}\""), "application/json");
        var fine = await PostAsync(server.Http, "/bench", Snapshot.Replace("STORES", "[]"), "application/json");
        TestContext.Current.TestOutputHelper?.WriteLine($"stores [null]: {(int)nullStore.Status} {nullStore.Body}; store without name: {(int)nullName.Status}; phases [null]: {(int)nullPhase.Status}; 5 KB over a 4 KB cap: {(int)large.Status} {large.Body}; valid: {(int)fine.Status}");
        Assert.Equal(HttpStatusCode.BadRequest, nullStore.Status);
        Assert.Contains("stores[0] is null", nullStore.Body);
        Assert.Equal(HttpStatusCode.BadRequest, nullName.Status);
        Assert.Equal(HttpStatusCode.BadRequest, nullPhase.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.Status);
        Assert.Equal(HttpStatusCode.NoContent, fine.Status);
    }

    [Fact]
    public async Task With_an_ingest_token_posts_without_it_are_401()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:IngestToken=s3cret-token");
        var none = await PostAsync(server.Http, "/ingest", Batch(), "application/json");
        var wrong = await PostAsync(server.Http, "/ingest", Batch(), "application/json", "s3cret-tokeX");
        var bench = await PostAsync(server.Http, "/bench", "{}", "application/json");
        var right = await PostAsync(server.Http, "/ingest", Batch(), "application/json", "s3cret-token");
        TestContext.Current.TestOutputHelper?.WriteLine($"no token {(int)none.Status}, wrong {(int)wrong.Status}, /bench without {(int)bench.Status}, right {(int)right.Status}");
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, bench.Status);
        Assert.Equal(HttpStatusCode.NoContent, right.Status);
    }

    [Fact]
    public async Task Clients_beyond_the_cap_are_refused_with_503()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:MaxClients=2");
        await using var first = await StreamClient.ConnectAsync(server.WebSocketUri);
        await using var second = await StreamClient.ConnectAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(2);
        using var third = new ClientWebSocket();
        third.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(server.WebSocketUri, Ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"third client: {(int)third.HttpStatusCode}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.HttpStatusCode);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_after_the_send_timeout()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:SendTimeoutSecs=1", "--Dashboard:ClientQueueBytes=1000000");
        await using var stalled = await StreamClient.ConnectSmallBufferAsync(server.WebSocketUri);
        await server.WaitForClientsAsync(1);

        // Frames until one cannot reach it; then it is dropped and its queue released.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(120));
        var posted = 0;
        JsonElement stats;
        while (true)
        {
            using (var doc = JsonDocument.Parse(await server.Http.GetStringAsync("/stats", limit.Token))) stats = doc.RootElement.Clone();
            if (stats.GetProperty("dropped_clients").GetInt64() == 1 && stats.GetProperty("clients").GetInt32() == 0) break;
            if (posted < 200) await server.PostAsync(TestBatches.Create(++posted, 500, messageLength: 300));
            else await Task.Delay(50, limit.Token);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"dropped after {posted} posts of ~150 KB; queued bytes now {stats.GetProperty("queued_bytes").GetInt64()}");
        Assert.Equal(0, stats.GetProperty("queued_bytes").GetInt64());
    }
}
