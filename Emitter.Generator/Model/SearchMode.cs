namespace Emitter.Generator.Model;

/// <summary>How a query searches a store: by meaning, by words, or both fused (RRF).</summary>
public enum SearchMode
{
    Vector,
    Keyword,
    Hybrid,
}

public static class SearchModes
{
    public static readonly SearchMode[] All = [SearchMode.Vector, SearchMode.Keyword, SearchMode.Hybrid];

    /// <summary>The name used in config, summaries and metric tags.</summary>
    public static string Name(this SearchMode mode) => mode switch
    {
        SearchMode.Vector => "vector",
        SearchMode.Keyword => "keyword",
        _ => "hybrid",
    };

    public static bool TryParse(string text, out SearchMode mode)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }
        mode = default;
        return false;
    }
}
