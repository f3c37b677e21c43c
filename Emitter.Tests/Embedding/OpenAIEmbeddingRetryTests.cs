using Emitter.Generator.Embedding;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace Emitter.Tests.Embedding;

public class OpenAIEmbeddingRetryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_429_with_Retry_After_1_is_retried_after_at_least_a_second()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.FailNext(1, new FakeOpenAIFault(429, RetryAfter: "1"));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server));

        var vector = await generator.GenerateVectorAsync("disk full on /var", cancellationToken: Token);

        var requests = server.Requests;
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.95),
            $"retried after {requests[1].ReceivedAt - requests[0].ReceivedAt}");
        Assert.Equal(FakeOpenAIVectors.For("disk full on /var", 1536), vector.ToArray());
    }

    [Fact]
    public async Task Retry_after_ms_is_honoured()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.FailNext(1, new FakeOpenAIFault(429, RetryAfterMs: "700"));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server));

        await generator.GenerateVectorAsync("cache miss", cancellationToken: Token);

        var requests = server.Requests;
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromMilliseconds(650), $"retried after {gap}; backoff alone is ~50 ms");
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_honoured()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        // Whole-second precision: "now + 3 s" is at least 2 s away when the client reads it.
        server.FailNext(1, new FakeOpenAIFault(503, RetryAfter: DateTimeOffset.UtcNow.AddSeconds(3).ToString("r")));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server));

        await generator.GenerateVectorAsync("cache miss", cancellationToken: Token);

        var requests = server.Requests;
        Assert.Equal([503, 200], requests.Select(r => r.Status));
        var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromSeconds(1.5), $"retried after {gap}");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_server_error_is_retried(int status)
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.FailNext(2, new FakeOpenAIFault(status));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server));

        var embeddings = await generator.GenerateAsync(["a", "b"], cancellationToken: Token);

        Assert.Equal([status, status, 200], server.Requests.Select(r => r.Status));
        Assert.Equal(2, embeddings.Count);
    }

    [Fact]
    public async Task Exhausted_retries_name_the_last_status_and_retry_exactly_once_over()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.FailNext(10, new FakeOpenAIFault(503));
        var settings = OpenAITestSettings.For(server) with { MaxRetries = 2 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        // MaxRetries + 1 attempts: one retry layer, not the SDK's stacked under ours.
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(503, failure.StatusCode);
        Assert.Contains("503 Service Unavailable", failure.Message);
        Assert.Contains("2 retries", failure.Message);
        Assert.Contains(server.BaseUrl.ToString(), failure.Message);
    }

    [Fact]
    public async Task An_account_without_quota_is_not_retried()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.FailNext(5, new FakeOpenAIFault(429, Code: "insufficient_quota"));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server));

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.Single(server.Requests);
        Assert.Equal(429, failure.StatusCode);
        Assert.Contains("quota", failure.Message);
    }

    [Fact]
    public async Task A_failed_chunk_is_retried_alone_and_the_call_still_succeeds()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.FailNext(1, new FakeOpenAIFault(500));
        var settings = OpenAITestSettings.For(server) with { MaxInputsPerRequest = 100, Parallelism = 1 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);
        var lines = OpenAITestSettings.Lines(250);

        var embeddings = await generator.GenerateAsync(lines, cancellationToken: Token);

        Assert.Equal([100, 100, 100, 50], server.Requests.Select(r => r.InputCount));
        Assert.Equal(lines.Select(l => FakeOpenAIVectors.For(l, 1536)), embeddings.Select(e => e.Vector.ToArray()));
    }
}
