using Emitter.Generator.Embedding;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Embedding;

/// <summary>
/// The OpenAI client's retries run on the run's clock: each test gives the client and the fake
/// server one <see cref="FakeTimeProvider"/> and moves it on until the call ends, so the gaps
/// between requests are the waits the client chose, and no test sleeps through them.
/// </summary>
public class OpenAIEmbeddingRetryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    private Task<FakeOpenAIServer> StartServerAsync() => FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token, _time);

    private async Task<T> OnFakeClockAsync<T>(Task<T> call)
    {
        await _time.AdvanceUntilDoneAsync(call);
        return await call;
    }

    [Fact]
    public async Task A_429_with_Retry_After_1_is_retried_after_at_least_a_second()
    {
        await using var server = await StartServerAsync();
        server.FailNext(1, new FakeOpenAIFault(429, RetryAfter: "1"));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server), _time);

        var vector = await OnFakeClockAsync(generator.GenerateVectorAsync("disk full on /var", cancellationToken: Token));

        var requests = server.Requests;
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1),
            $"retried after {requests[1].ReceivedAt - requests[0].ReceivedAt}");
        Assert.Equal(FakeOpenAIVectors.For("disk full on /var", 1536), vector.ToArray());
    }

    [Fact]
    public async Task Retry_after_ms_is_honoured()
    {
        await using var server = await StartServerAsync();
        server.FailNext(1, new FakeOpenAIFault(429, RetryAfterMs: "700"));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server), _time);

        await OnFakeClockAsync(generator.GenerateVectorAsync("cache miss", cancellationToken: Token));

        var requests = server.Requests;
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromMilliseconds(700), $"retried after {gap}; backoff alone is ~50 ms");
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_honoured()
    {
        await using var server = await StartServerAsync();
        // The date is read against the client's clock, the fake one: 3 s from now there.
        server.FailNext(1, new FakeOpenAIFault(503, RetryAfter: _time.GetUtcNow().AddSeconds(3).ToString("r")));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server), _time);

        await OnFakeClockAsync(generator.GenerateVectorAsync("cache miss", cancellationToken: Token));

        var requests = server.Requests;
        Assert.Equal([503, 200], requests.Select(r => r.Status));
        var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromSeconds(2.5), $"retried after {gap}");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_server_error_is_retried(int status)
    {
        await using var server = await StartServerAsync();
        server.FailNext(2, new FakeOpenAIFault(status));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server), _time);

        var embeddings = await OnFakeClockAsync(generator.GenerateAsync(["a", "b"], cancellationToken: Token));

        Assert.Equal([status, status, 200], server.Requests.Select(r => r.Status));
        Assert.Equal(2, embeddings.Count);
    }

    [Fact]
    public async Task Exhausted_retries_name_the_last_status_and_retry_exactly_once_over()
    {
        await using var server = await StartServerAsync();
        server.FailNext(10, new FakeOpenAIFault(503));
        var settings = OpenAITestSettings.For(server) with { MaxRetries = 2 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings, _time);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => OnFakeClockAsync(generator.GenerateAsync(["a"], cancellationToken: Token)));

        // MaxRetries + 1 attempts: one retry layer, not the SDK's stacked under ours.
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(503, failure.StatusCode);
        Assert.Contains("503 Service Unavailable", failure.Message);
        Assert.Contains("2 retries", failure.Message);
        Assert.Contains(server.BaseUrl.ToString(), failure.Message);
    }

    [Fact]
    public async Task A_server_answering_429_forever_gets_the_profiles_attempts_and_no_more()
    {
        await using var server = await StartServerAsync();
        server.FailNext(100, new FakeOpenAIFault(429, RetryAfter: "2"));
        var settings = OpenAITestSettings.For(server) with { MaxRetries = 4 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings, _time);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => OnFakeClockAsync(generator.GenerateAsync(["a"], cancellationToken: Token)));

        // 5 requests reach the server: the profile's 4 retries + 1, not 5 × the SDK's own 4 attempts.
        Assert.Equal(5, server.RequestsArrived);
        var requests = server.Requests;
        Assert.All(requests, r => Assert.Equal(429, r.Status));
        Assert.All(requests.Zip(requests.Skip(1)), pair => Assert.True(pair.Second.ReceivedAt - pair.First.ReceivedAt >= TimeSpan.FromSeconds(2),
            $"retried after {pair.Second.ReceivedAt - pair.First.ReceivedAt}"));
        Assert.Equal(429, failure.StatusCode);
        Assert.Contains("4 retries", failure.Message);
    }

    [Fact]
    public async Task An_account_without_quota_is_not_retried()
    {
        await using var server = await StartServerAsync();
        server.FailNext(5, new FakeOpenAIFault(429, Code: "insufficient_quota"));
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server), _time);

        var failure = await Assert.ThrowsAsync<EmbeddingProviderException>(
            () => OnFakeClockAsync(generator.GenerateAsync(["a"], cancellationToken: Token)));

        Assert.Single(server.Requests);
        Assert.Equal(429, failure.StatusCode);
        Assert.Contains("quota", failure.Message);
    }

    [Fact]
    public async Task A_failed_chunk_is_retried_alone_and_the_call_still_succeeds()
    {
        await using var server = await StartServerAsync();
        server.FailNext(1, new FakeOpenAIFault(500));
        var settings = OpenAITestSettings.For(server) with { MaxInputsPerRequest = 100, Parallelism = 1 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings, _time);
        var lines = OpenAITestSettings.Lines(250);

        var embeddings = await OnFakeClockAsync(generator.GenerateAsync(lines, cancellationToken: Token));

        Assert.Equal([100, 100, 100, 50], server.Requests.Select(r => r.InputCount));
        Assert.Equal(lines.Select(l => FakeOpenAIVectors.For(l, 1536)), embeddings.Select(e => e.Vector.ToArray()));
    }
}
