using System.Net;
using System.Net.Sockets;
using Emitter.Generator.Embedding;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace Emitter.Tests.Embedding;

public class OpenAIEmbeddingErrorTests
{
    private const string WrongKey = "sk-Hw6cPq9TzVn2BxMrLg7aYkDs";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wrong_key_gives_a_clear_error_without_any_part_of_the_key()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        var settings = OpenAITestSettings.For(server) with { ApiKey = WrongKey };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(401, failure.StatusCode);
        Assert.Contains("API key", failure.Message);
        Assert.Contains("OPENAI_API_KEY", failure.Message);
        Assert.Contains("text-embedding-3-small", failure.Message);
        Assert.Contains(server.BaseUrl.ToString(), failure.Message);
        AssertNoKeyFragment(failure.ToString(), WrongKey);
        Assert.Single(server.Requests); // a 401 is not retried
    }

    [Fact]
    public async Task An_unknown_model_says_so_and_names_it()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server, "text-embedding-4-huge"));

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(404, failure.StatusCode);
        Assert.Contains("does not know model 'text-embedding-4-huge'", failure.Message);
        Assert.Contains("embedding.model", failure.Message);
        Assert.Contains(server.BaseUrl.ToString(), failure.Message);
    }

    [Fact]
    public async Task A_base_url_without_the_api_root_points_at_base_url()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        var settings = OpenAITestSettings.For(server) with { BaseUrl = new Uri(server.BaseUrl, "/") };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(404, failure.StatusCode);
        Assert.Contains("embedding.base_url", failure.Message);
    }

    [Fact]
    public async Task A_rejected_request_carries_the_servers_reason()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        var settings = OpenAITestSettings.For(server, "text-embedding-ada-002") with { Dimensions = 256 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Equal(400, failure.StatusCode);
        Assert.Contains("does not support specifying dimensions", failure.Message);
    }

    [Fact]
    public async Task A_refused_connection_names_the_base_url()
    {
        var baseUrl = new Uri($"http://127.0.0.1:{UnusedPort()}/v1");
        var settings = new OpenAIEmbeddingSettings
        {
            ApiKey = OpenAITestSettings.Key, Model = "text-embedding-3-small", BaseUrl = baseUrl,
            MaxRetries = 1, InitialRetryDelay = TimeSpan.FromMilliseconds(10),
        };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Null(failure.StatusCode);
        Assert.Contains($"Could not reach OpenAI at {baseUrl}", failure.Message);
        Assert.Contains("refused", failure.Message);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_clearly()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.FailNext(2, new FakeOpenAIFault(0, Stall: Timeout.InfiniteTimeSpan)); // until the client gives up
        // Long enough that a loaded machine still delivers each request before the client gives up on it.
        var settings = OpenAITestSettings.For(server) with { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(2) };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Contains("did not answer within 2 s, in 2 attempts", failure.Message);
        Assert.Equal(2, server.RequestsArrived);
    }

    [Fact]
    public void A_missing_key_fails_before_any_request()
    {
        var settings = new OpenAIEmbeddingSettings { ApiKey = " ", Model = "text-embedding-3-small" };

        var failure = Assert.Throws<EmbeddingProviderException>(() => OpenAIEmbeddingGeneratorFactory.Create(settings));

        Assert.Contains("OPENAI_API_KEY", failure.Message);
    }

    internal static void AssertNoKeyFragment(string text, string key)
    {
        for (var start = 0; start + 4 <= key.Length; start++)
        {
            Assert.DoesNotContain(key.Substring(start, 4), text, StringComparison.Ordinal);
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
