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

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> CreateAsync(FakeElasticsearchServer server, string indexOptions, int dims)
    {
        using var http = new HttpClient();
        var mapping = new JsonObject
        {
            ["mappings"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["dense"] = new JsonObject
                    {
                        ["type"] = "dense_vector", ["dims"] = dims, ["index"] = true, ["similarity"] = "cosine",
                        ["index_options"] = new JsonObject { ["type"] = indexOptions },
                    },
                },
            },
        }.ToJsonString();
        var response = await http.PutAsync(new Uri(server.Url, "/logs"), new StringContent(mapping, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Theory]
    [InlineData("9.1.5", "bbq_hnsw", 32, "bbq_hnsw does not support dimensions fewer than 64; provided=32")]
    [InlineData("9.1.5", "bbq_flat", 63, "bbq_flat does not support dimensions fewer than 64; provided=63")]
    [InlineData("9.1.5", "int4_hnsw", 7, "int4_hnsw only supports even dimensions; provided=7")]
    [InlineData("9.1.5", "int4_flat", 385, "int4_flat only supports even dimensions; provided=385")]
    [InlineData("9.1.5", "bbq_disk", 384, "Unknown vector index options type [bbq_disk] for field [dense]")]
    [InlineData("9.2.0", "hnsw", 4097, "The number of dimensions should be in the range [1, 4096] but was [4097]")]
    public async Task Index_creation_refuses_index_options_the_server_refuses_at_those_dimensions(string version, string type, int dims, string reason)
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Version = version;
        var (status, body) = await CreateAsync(server, type, dims);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("mapper_parsing_exception", body!["error"]!["type"]!.GetValue<string>());
        Assert.Equal($"Failed to parse mapping: {reason}", body["error"]!["reason"]!.GetValue<string>());
        Assert.Equal(reason, body["error"]!["caused_by"]!["reason"]!.GetValue<string>());
        Assert.Empty(server.Indices);
    }

    [Theory]
    [InlineData("9.1.5", "bbq_hnsw", 64)]
    [InlineData("9.1.5", "int4_hnsw", 8)]
    [InlineData("9.1.5", "hnsw", 7)]
    [InlineData("9.2.0", "bbq_disk", 3)]
    public async Task Index_creation_accepts_what_the_server_accepts(string version, string type, int dims)
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Version = version;
        var (status, body) = await CreateAsync(server, type, dims);
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Single(server.Indices);
    }

    [Fact]
    public async Task The_root_reports_the_version_it_is_given()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Version = "9.2.0";
        using var http = new HttpClient();
        var root = JsonNode.Parse(await http.GetStringAsync(server.Url, TestContext.Current.CancellationToken))!;
        Assert.Equal("9.2.0", root["version"]!["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Setup_requests_answer_injected_429_and_503_and_then_the_truth()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.FailNextSetupRequests(1, 429);
        server.FailNextSetupRequests(1, 503);
        using var http = new HttpClient();
        var url = new Uri(server.Url, "/logs");

        using var first = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), TestContext.Current.CancellationToken);
        var second = await http.PutAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var third = await http.PutAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(((HttpStatusCode)429, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (first.StatusCode, second.StatusCode, third.StatusCode));
        Assert.Equal("cluster_block_exception", JsonNode.Parse(await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!["type"]!.GetValue<string>());
        Assert.Equal(2, server.SetupFaultsServed);
    }

    [Fact]
    public async Task An_api_key_is_taken_from_the_ApiKey_authorization_and_anything_else_is_401()
    {
        await using var server = await FakeElasticsearchServer.StartAsync(apiKey: "aWQ6a2V5", cancellationToken: TestContext.Current.CancellationToken);
        async Task<HttpStatusCode> StatusAsync(string? scheme, string? value)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, server.Url);
            if (scheme is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(scheme, value);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("ApiKey", "aWQ6a2V5"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("ApiKey", "d3Jvbmc="));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Basic", "aWQ6a2V5"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(null, null));
    }
}
