using Emitter.Generator.Embedding;
using Emitter.Tests.Fakes;

namespace Emitter.Tests.Embedding;

/// <summary>Settings pointing at a fake server, with short backoffs so retry tests stay fast.</summary>
internal static class OpenAITestSettings
{
    // Random-looking, no 4-digit runs, so a leak check cannot match ordinary message text by chance.
    public const string Key = "sk-Zq8vR2mX7tLwKd3nHsYbQe5J";

    public static OpenAIEmbeddingSettings For(FakeOpenAIServer server, string model = "text-embedding-3-small") => new()
    {
        ApiKey = server.ApiKey,
        Model = model,
        BaseUrl = server.BaseUrl,
        MaxRetries = 3,
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    public static string[] Lines(int count) =>
        Enumerable.Range(0, count).Select(i => $"2026-11-27T10:{i % 60:00}:00Z INFO worker-{i % 7} processed job {i}").ToArray();
}
