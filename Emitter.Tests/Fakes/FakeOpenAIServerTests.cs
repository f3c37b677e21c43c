using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Emitter.Tests.Fakes;

/// <summary>The fake must answer the way OpenAI does, or the other tests prove nothing.</summary>
public class FakeOpenAIServerTests
{
    private const string Key = "sk-fake-Lq3vNx8RtBw2MzKp";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answers_floats_or_little_endian_base64_in_the_OpenAI_shape()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Key, Token);
        using var http = Client(server, Key);

        using var floats = await PostAsync(http, new { input = new[] { "a", "b" }, model = "text-embedding-3-small", dimensions = 8 });
        using var base64 = await PostAsync(http, new { input = "a", model = "text-embedding-3-small", encoding_format = "base64" });

        Assert.Equal(HttpStatusCode.OK, floats.StatusCode);
        var body = await ReadAsync(floats);
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal("text-embedding-3-small", body.GetProperty("model").GetString());
        var second = body.GetProperty("data")[1];
        Assert.Equal("embedding", second.GetProperty("object").GetString());
        Assert.Equal(1, second.GetProperty("index").GetInt32());
        Assert.Equal(FakeOpenAIVectors.For("b", 1536, 8), second.GetProperty("embedding").EnumerateArray().Select(x => x.GetSingle()));
        Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);

        var bytes = (await ReadAsync(base64)).GetProperty("data")[0].GetProperty("embedding").GetBytesFromBase64();
        var decoded = Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)));
        Assert.Equal(FakeOpenAIVectors.For("a", 1536), decoded);
    }

    [Fact]
    public void Vectors_are_unit_length_and_deterministic()
    {
        var vector = FakeOpenAIVectors.For("GET /health 200", 1536);

        Assert.Equal(1f, MathF.Sqrt(vector.Sum(x => x * x)), 4);
        Assert.Equal(vector, FakeOpenAIVectors.For("GET /health 200", 1536));
        Assert.NotEqual(vector, FakeOpenAIVectors.For("GET /health 500", 1536));
    }

    [Fact]
    public async Task Refuses_more_than_2048_inputs_with_400()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Key, Token);
        using var http = Client(server, Key);

        using var response = await PostAsync(http, new { input = Enumerable.Repeat("x", 2049), model = "text-embedding-3-small" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await ReadAsync(response)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(2049, Assert.Single(server.Requests).InputCount);
    }

    [Fact]
    public async Task Answers_401_with_a_masked_key_and_404_for_unknown_models()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Key, Token);
        using var wrong = Client(server, "sk-wrong-Tg5hJ2kL9pQr");
        using var right = Client(server, Key);

        using var unauthorized = await PostAsync(wrong, new { input = "a", model = "text-embedding-3-small" });
        using var unknown = await PostAsync(right, new { input = "a", model = "text-embedding-9" });

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        var error = (await ReadAsync(unauthorized)).GetProperty("error");
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Contains("sk-wro****", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("model_not_found", (await ReadAsync(unknown)).GetProperty("error").GetProperty("code").GetString());
    }

    private static HttpClient Client(FakeOpenAIServer server, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, object body) =>
        http.PostAsJsonAsync("embeddings", body, Token);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token));
}
