using Emitter.Generator.Embedding;

namespace Emitter.Tests.Embedding;

public class KeyHygieneTests
{
    private const string Key = "sk-proj-Hw6cPq9TzVn2BxMrLg7aYkDs";

    [Fact]
    public void Removes_the_masked_echo_OpenAI_puts_in_its_401_body()
    {
        var body = "Incorrect API key provided: sk-proj-********************kDs. You can find your API key at "
                   + "https://platform.openai.com/account/api-keys.";

        var scrubbed = ApiKeyScrubber.Scrub(body, Key);

        Assert.StartsWith("Incorrect API key provided: [redacted] You can find", scrubbed);
        OpenAIEmbeddingErrorTests.AssertNoKeyFragment(scrubbed, Key);
    }

    [Fact]
    public void Removes_any_word_sharing_four_characters_with_the_key()
    {
        var scrubbed = ApiKeyScrubber.Scrub("key was 9TzVn2 or cPq9 or Hw6c, model foo", Key);

        Assert.Equal("key was [redacted] or [redacted] or [redacted] model foo", scrubbed);
    }

    [Fact]
    public void Settings_never_print_the_key()
    {
        var settings = new OpenAIEmbeddingSettings { ApiKey = Key, Model = "text-embedding-3-small" };

        OpenAIEmbeddingErrorTests.AssertNoKeyFragment(settings.ToString(), Key);
        Assert.Contains("text-embedding-3-small", settings.ToString());
    }

    [Fact]
    public void Messages_show_the_base_url_without_credentials_or_query()
    {
        var settings = new OpenAIEmbeddingSettings
        {
            ApiKey = Key,
            Model = "text-embedding-3-small",
            BaseUrl = new Uri("https://user:hunter2@llm.example.com/v1?api-key=secret"),
        };

        Assert.Equal("https://llm.example.com/v1", settings.DisplayBaseUrl);
    }
}
