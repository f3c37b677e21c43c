namespace Emitter.Generator.Embedding;

/// <summary>
/// Removes anything key-like from provider text before it reaches an exception message:
/// masked echoes such as <c>sk-abc***xyz</c>, anything starting with <c>sk-</c>, and any
/// word sharing four or more consecutive characters with the configured key.
/// </summary>
internal static class ApiKeyScrubber
{
    private const int WindowLength = 4;
    private const string Redacted = "[redacted]";
    private static readonly char[] Whitespace = [' ', '\t', '\r', '\n'];

    public static string Scrub(string text, string apiKey)
    {
        var words = text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (LooksLikeKey(words[i], apiKey))
            {
                words[i] = Redacted;
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>True when <paramref name="text"/> holds any 4-character run of the key.</summary>
    public static bool SharesKeyFragment(string text, string apiKey)
    {
        for (var start = 0; start + WindowLength <= apiKey.Length; start++)
        {
            if (text.AsSpan().Contains(apiKey.AsSpan(start, WindowLength), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LooksLikeKey(string word, string apiKey) =>
        word.Contains("**", StringComparison.Ordinal)
        || word.Contains("sk-", StringComparison.OrdinalIgnoreCase)
        || SharesKeyFragment(word, apiKey);
}
