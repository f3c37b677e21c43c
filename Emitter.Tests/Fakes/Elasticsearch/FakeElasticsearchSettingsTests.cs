using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>The fake's index settings answer as Elasticsearch 9's GET/PUT _settings do (FakeElasticsearchSettings names the server files).</summary>
public class FakeElasticsearchSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string body) =>
        http.PutAsync("/logs/_settings", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    [Fact]
    public async Task Settings_nest_by_default_flatten_on_request_and_an_index_without_a_matching_one_is_left_out()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Url };
        (await http.PutAsync("/logs", null, Ct)).EnsureSuccessStatusCode();

        Assert.Equal("1", (await GetAsync(http, "/logs/_settings"))["logs"]!["settings"]!["index"]!["number_of_shards"]!.GetValue<string>());
        Assert.Equal("{}", (await GetAsync(http, "/logs/_settings/index.refresh_interval?flat_settings=true")).ToJsonString());

        (await PutAsync(http, """{"refresh_interval":"5s"}""")).EnsureSuccessStatusCode();
        Assert.Equal("""{"logs":{"settings":{"index.refresh_interval":"5s"}}}""",
            (await GetAsync(http, "/logs/_settings/index.refresh_interval?flat_settings=true")).ToJsonString());
        Assert.Equal("5s", (await GetAsync(http, "/logs/_settings/index.refresh*"))["logs"]!["settings"]!["index"]!["refresh_interval"]!.GetValue<string>());

        (await PutAsync(http, """{"index.refresh_interval":null}""")).EnsureSuccessStatusCode();
        Assert.Equal("{}", (await GetAsync(http, "/logs/_settings/index.refresh_interval")).ToJsonString());
    }

    [Fact]
    public async Task A_refresh_interval_that_is_not_a_time_value_is_refused_and_minus_one_is_taken()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Url };
        (await http.PutAsync("/logs", null, Ct)).EnsureSuccessStatusCode();

        using var refused = await PutAsync(http, """{"index":{"refresh_interval":"5"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("failed to parse setting [index.refresh_interval] with value [5] as a time value", await refused.Content.ReadAsStringAsync(Ct));

        (await PutAsync(http, """{"index":{"refresh_interval":"-1"}}""")).EnsureSuccessStatusCode();
        Assert.Equal("-1", server.Index("logs").Settings["index.refresh_interval"]);
        using var missing = await http.GetAsync("/nope/_settings", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
