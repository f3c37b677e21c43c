using System.Globalization;
using System.Text;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The <c>standard</c> analyzer and Lucene's BM25, enough to rank <c>match</c> queries on a text field.
/// Analyzer (Lucene StandardTokenizer + LowerCaseFilter, no stop words by default): words are runs of
/// letters, digits and '_' (ExtendNumLet); '.' and '\'' inside a word between letters or digits and ':'
/// between letters keep it whole, ',' between digits too. Simplified: the full UAX#29 word-break rules
/// (scripts, emoji, Katakana...) and max_token_length are not modelled.
/// BM25 (Lucene BM25Similarity, k1 = 1.2, b = 0.75, no (k1 + 1) factor since Lucene 8):
/// idf = ln(1 + (N - n + 0.5) / (n + 0.5)), score = idf * f / (f + k1 * (1 - b + b * dl / avgdl)).
/// Simplified: Lucene stores each document's length in one byte (SmallFloat.intToByte4), exact only
/// for short fields; here lengths are exact, so long fields score slightly differently. One shard, so
/// N, n and avgdl are over the whole index (the server's default query_then_fetch uses per-shard statistics).
/// Sources (Lucene 10, as Elasticsearch 9.1 bundles it): lucene/core/src/java/org/apache/lucene/analysis/standard/StandardTokenizer.java,
/// lucene/core/src/java/org/apache/lucene/search/similarities/BM25Similarity.java.
/// </summary>
internal sealed class FakeElasticsearchText
{
    public const double K1 = 1.2, B = 0.75;

    private readonly Dictionary<string, Dictionary<string, int>> _frequencies = new();
    private readonly Dictionary<string, int> _lengths = new();
    private readonly Dictionary<string, int> _documentFrequency = new();
    private readonly double _averageLength;

    /// <param name="texts">The field's value of every document that has it, by id.</param>
    public FakeElasticsearchText(IEnumerable<(string Id, string Text)> texts)
    {
        long total = 0;
        foreach (var (id, text) in texts)
        {
            var tokens = Analyze(text);
            var frequencies = tokens.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
            _frequencies[id] = frequencies;
            _lengths[id] = tokens.Count;
            total += tokens.Count;
            foreach (var term in frequencies.Keys) _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
        }
        _averageLength = _lengths.Count == 0 ? 0 : (double)total / _lengths.Count;
    }

    /// <summary>Documents with at least one of the query's terms (operator or), or all of them (and), with their BM25 scores.</summary>
    public Dictionary<string, double> Match(string query, bool all)
    {
        var terms = Analyze(query);
        var scores = new Dictionary<string, double>();
        if (terms.Count == 0) return scores; // zero_terms_query: none
        var documents = _lengths.Count;
        foreach (var (id, frequencies) in _frequencies)
        {
            double score = 0;
            var matched = 0;
            foreach (var term in terms) // a repeated query term is a repeated SHOULD clause: it counts again
            {
                if (!frequencies.TryGetValue(term, out var f)) continue;
                matched++;
                var n = _documentFrequency[term];
                var idf = Math.Log(1 + (documents - n + 0.5) / (n + 0.5));
                score += idf * f / (f + K1 * (1 - B + B * _lengths[id] / _averageLength));
            }
            if (matched > 0 && (!all || matched == terms.Count)) scores[id] = score;
        }
        return scores;
    }

    public static List<string> Analyze(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || c == '_' || (current.Length > 0 && Joins(text, i)))
            {
                current.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                continue;
            }
            if (current.Length > 0) tokens.Add(current.ToString());
            current.Clear();
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }

    /// <summary>UAX#29 MidNumLet ('.', '\''), MidLetter (':') and MidNum (',') join the characters either side.</summary>
    private static bool Joins(string text, int i)
    {
        if (i + 1 >= text.Length) return false;
        char before = text[i - 1], after = text[i + 1];
        return text[i] switch
        {
            '.' or '\'' => char.IsLetterOrDigit(before) && char.IsLetterOrDigit(after),
            ':' => char.IsLetter(before) && char.IsLetter(after),
            ',' => char.IsDigit(before) && char.IsDigit(after),
            _ => false,
        };
    }
}
