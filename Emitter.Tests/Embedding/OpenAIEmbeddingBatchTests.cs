using Emitter.Generator.Embedding;
using Emitter.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace Emitter.Tests.Embedding;

public class OpenAIEmbeddingBatchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_thousand_inputs_go_in_requests_of_at_most_2048_and_come_back_in_order()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server));
        var lines = OpenAITestSettings.Lines(5000);

        var embeddings = await generator.GenerateAsync(lines, cancellationToken: Token);

        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.InRange(r.InputCount, 1, 2048));
        Assert.All(requests, r => Assert.Equal("base64", r.EncodingFormat));
        Assert.Equal(lines.Order(), requests.SelectMany(r => r.Inputs).Order());
        Assert.Equal(5000, embeddings.Count);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.Equal(FakeOpenAIVectors.For(lines[i], 1536), embeddings[i].Vector.ToArray());
        }

        Assert.True(embeddings.Usage?.InputTokenCount > 0);
    }

    [Fact]
    public async Task Requests_run_in_parallel_but_never_more_than_configured()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        server.HoldAnswersUntilInFlight(3); // answers flow only once three requests are open at once
        var settings = OpenAITestSettings.For(server) with { MaxInputsPerRequest = 10, Parallelism = 3 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);
        var lines = OpenAITestSettings.Lines(95);

        var embeddings = await generator.GenerateAsync(lines, cancellationToken: Token);

        Assert.Equal(10, server.Requests.Count);
        Assert.Equal(3, server.MaxConcurrentRequests);
        Assert.Equal(lines.Select(l => FakeOpenAIVectors.For(l, 1536)), embeddings.Select(e => e.Vector.ToArray()));
    }

    [Fact]
    public async Task Dimensions_are_sent_and_honoured()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        var settings = OpenAITestSettings.For(server) with { Dimensions = 256 };
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(settings);
        var lines = OpenAITestSettings.Lines(3);

        var embeddings = await generator.GenerateAsync(lines, cancellationToken: Token);

        Assert.Equal(256, Assert.Single(server.Requests).Dimensions);
        Assert.All(embeddings, e => Assert.Equal(256, e.Vector.Length));
        Assert.Equal(FakeOpenAIVectors.For(lines[0], 1536, 256), embeddings[0].Vector.ToArray());
        Assert.Equal(256, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    [Fact]
    public async Task Without_dimensions_none_is_sent_and_the_model_default_comes_back()
    {
        await using var server = await FakeOpenAIServer.StartAsync(OpenAITestSettings.Key, Token);
        using var generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAITestSettings.For(server, "text-embedding-3-large"));

        var embedding = await generator.GenerateVectorAsync("one line", cancellationToken: Token);

        Assert.Null(Assert.Single(server.Requests).Dimensions);
        Assert.Equal(3072, embedding.Length);
    }
}
