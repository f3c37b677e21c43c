using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>The fake refuses what the server refuses, so a sink cannot pass here and fail against the real thing.</summary>
public class FakeElasticsearchServerTests
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostBulkAsync(FakeElasticsearchServer server, string body, string contentType)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(server.Url, "/logs/_bulk"), new StringContent(body, Encoding.UTF8, contentType), TestContext.Current.CancellationToken);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Bulk_refuses_a_content_type_that_is_not_ndjson_or_json()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (status, body) = await PostBulkAsync(server, "{\"index\":{\"_id\":\"1\"}}\n{\"a\":1}\n", "text/plain");
        Assert.Equal(HttpStatusCode.NotAcceptable, status);
        Assert.Contains("text/plain", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_refuses_a_body_without_its_final_newline()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (status, body) = await PostBulkAsync(server, "{\"index\":{\"_id\":\"1\"}}\n{\"a\":1}", "application/x-ndjson");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("terminated by a newline", body!["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_answers_200_with_errors_and_one_result_per_item_in_order()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.RefuseIds(id => id == "2");
        var (status, body) = await PostBulkAsync(server, "{\"index\":{\"_id\":\"1\"}}\n{\"a\":1}\n{\"index\":{\"_id\":\"2\"}}\n{\"a\":2}\n{\"index\":{\"_id\":\"1\"}}\n{\"a\":3}\n", "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["errors"]!.GetValue<bool>());
        var items = body["items"]!.AsArray().Select(i => i!["index"]!).ToArray();
        Assert.Equal([201, 400, 200], items.Select(i => i["status"]!.GetValue<int>()));
        Assert.Equal("document_parsing_exception", items[1]["error"]!["type"]!.GetValue<string>());
        Assert.Equal(2, server.Index("logs").Writes["1"]);
        Assert.Single(server.Index("logs").Documents);
    }

    [Fact]
    public async Task A_vector_of_the_wrong_length_fails_to_parse_against_the_mapping()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient();
        var mapping = """{"mappings":{"properties":{"dense":{"type":"dense_vector","dims":3}}}}""";
        await http.PutAsync(new Uri(server.Url, "/logs"), new StringContent(mapping, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var (_, body) = await PostBulkAsync(server, "{\"index\":{\"_id\":\"1\"}}\n{\"dense\":[1,2]}\n", "application/x-ndjson");
        Assert.Contains("different number of dimensions [2] than defined in the mapping [3]", body!["items"]![0]!["index"]!["error"]!["reason"]!.GetValue<string>());
    }
}
