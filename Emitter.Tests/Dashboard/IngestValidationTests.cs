using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Emitter.Generator.Model;

namespace Emitter.Tests.Dashboard;

/// <summary>
/// /ingest takes only well-formed entries (400 with the reason otherwise), tracks a bounded set of
/// services, and the whole app answers only to its own host names (DNS rebinding defence).
/// </summary>
public class IngestValidationTests
{
    private const string Good = "{\"id\":\"0193a0b0-0000-7000-8000-000000000001\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"service\":\"api\",\"level\":\"INFO\",\"message\":\"ok\"}";

    private static string Batch(params string[] entries) => $"{{\"sequence\":1,\"sealed_at\":\"2026-12-01T10:00:00Z\",\"entries\":[{string.Join(',', entries)}]}}";

    private static string Entry(string field, string json)
    {
        using var good = JsonDocument.Parse(Good);
        var fields = good.RootElement.EnumerateObject().Where(p => p.Name != field).Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}");
        return "{" + string.Join(',', json.Length == 0 ? fields : fields.Append($"\"{field}\":{json}")) + "}";
    }

    public static TheoryData<string, string, string> BadBatches => new()
    {
        { "null service", Batch(Good, Entry("service", "null")), "entries[1].service" },
        { "missing level", Batch(Entry("level", "")), "entries[0].level" },
        { "null message", Batch(Entry("message", "null")), "entries[0].message" },
        { "unknown level", Batch(Entry("level", "\"FATAL\"")), "'FATAL'" },
        { "empty service", Batch(Entry("service", "\"\"")), "entries[0].service" },
        { "service too long", Batch(Entry("service", $"\"{new string('s', 300)}\"")), "entries[0].service" },
        { "message too long", Batch(Entry("message", $"\"{new string('m', 70_000)}\"")), "entries[0].message" },
        { "missing timestamp", Batch(Entry("timestamp", "")), "entries[0].timestamp" },
        { "missing id", Batch(Entry("id", "")), "entries[0].id" },
        { "null entry", Batch("null"), "entries[0]" },
        { "missing sealed_at", "{\"sequence\":1,\"entries\":[" + Good + "]}", "sealed_at" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_malformed_entry_is_answered_400_with_the_reason_and_not_shown(string because, string body, string named)
    {
        await using var server = await DashboardServer.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var response = await server.Http.PostAsync("/ingest", new StringContent(body, MediaTypeHeaderValue.Parse("application/json")), ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {response.StatusCode}");
        var reason = await response.Content.ReadAsStringAsync(ct);
        Assert.True(reason.Contains(named, StringComparison.Ordinal), $"{because}: '{reason}' lacks '{named}'");
        using var stats = JsonDocument.Parse(await server.Http.GetStringAsync("/stats", ct));
        Assert.Equal(0, stats.RootElement.GetProperty("entries").GetInt64());
    }

    [Fact]
    public async Task The_services_tracked_are_bounded_and_a_batch_beyond_the_bound_is_refused()
    {
        await using var server = await DashboardServer.StartAsync("--Dashboard:MaxServices=3");
        var ct = TestContext.Current.CancellationToken;
        foreach (var service in new[] { "a", "b", "c", "a" }) await server.PostAsync(TestBatches.Create(1, 2, service: service));

        using var fourth = new StringContent(JsonSerializer.Serialize(new
        {
            sequence = 5,
            sealed_at = DateTimeOffset.UtcNow,
            entries = new[] { new { id = Guid.CreateVersion7(), timestamp = DateTimeOffset.UtcNow, service = "d", level = "INFO", message = "m" } },
        }), MediaTypeHeaderValue.Parse("application/json"));
        using var response = await server.Http.PostAsync("/ingest", fourth, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'d'", await response.Content.ReadAsStringAsync(ct));
        using var stats = JsonDocument.Parse(await server.Http.GetStringAsync("/stats", ct));
        Assert.Equal(8, stats.RootElement.GetProperty("entries").GetInt64());
        await server.PostAsync(TestBatches.Create(6, 1, service: "b")); // known services still go through
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:80")]
    [InlineData("attacker.localhost.evil.example")]
    public async Task A_request_for_a_foreign_host_name_is_refused(string host)
    {
        await using var server = await DashboardServer.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        foreach (var path in new[] { "/", "/stats", "/ingest" })
        {
            using var request = new HttpRequestMessage(path == "/ingest" ? HttpMethod.Post : HttpMethod.Get, path);
            if (path == "/ingest") request.Content = new StringContent(Batch(Good), MediaTypeHeaderValue.Parse("application/json"));
            request.Headers.Host = host;
            using var response = await server.Http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using var own = new HttpRequestMessage(HttpMethod.Get, "/stats");
        own.Headers.Host = $"localhost:{server.Address.Port}";
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(own, ct)).StatusCode);
    }
}
