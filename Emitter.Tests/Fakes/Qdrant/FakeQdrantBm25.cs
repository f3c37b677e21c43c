using System.Collections.Frozen;
using Lucene.Net.Tartarus.Snowball.Ext;
using Qdrant.Client.Grpc;

namespace Emitter.Tests.Fakes;

/// <summary>
/// The server-side BM25 of a <c>Document{model: qdrant/bm25}</c> as Qdrant v1.19.0 computes it
/// with no options beyond <c>avg_len</c>/<c>k</c>/<c>b</c> (src/common/inference/bm25_inference.rs,
/// lib/bm25/src/lib.rs, lib/api/src/rest/schema.rs <c>Bm25Config</c>):
/// <list type="bullet">
/// <item>default <c>word</c> tokenizer: split on every character that is not alphanumeric
/// (lib/segment/src/index/field_index/full_text_index/tokenizers/mod.rs);</item>
/// <item>per token, in this order: lowercase, drop English stop words, Snowball English stem
/// (tokenizers/tokens_processor.rs, tokenizers/stemmer.rs with rust-stemmers; here Lucene.Net's
/// Snowball EnglishStemmer, the same algorithm);</item>
/// <item>a document weighs each distinct token tf·(k+1) / (tf + k·(1 − b + b·len/avg_len)),
/// k = 1.2, b = 0.75, avg_len = 256 unless the Document's options say otherwise;</item>
/// <item>a query weighs each distinct token 1.</item>
/// </list>
/// Simplifications: tokens stay strings (the server hashes them with murmur3 into sparse
/// indices, so two tokens can collide there, never here); char.IsLetterOrDigit stands for
/// Rust's char::is_alphanumeric (they differ on a few non-decimal numerals); other options
/// (language, tokenizer, stopwords, stemmer, ascii folding, token lengths) are not read.
/// </summary>
public static class FakeQdrantBm25
{
    public const double DefaultK = 1.2;
    public const double DefaultB = 0.75;
    public const double DefaultAvgLen = 256;

    // lib/segment/src/index/field_index/full_text_index/stop_words/english.rs at v1.19.0, less the
    // entries with an apostrophe, which never survive word splitting.
    private static readonly FrozenSet<string> StopWords = (
        "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself "
        + "it its itself they them their theirs themselves what which who whom this that these those am is are was were be "
        + "been being have has had having do does did doing a an the and but if or because as until while of at by for with "
        + "about against between into through during before after above below to from up down in out on off over under "
        + "again further then once here there when where why how all any both each few more most other some such no nor not "
        + "only own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn "
        + "hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn")
        .Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The tokens of <paramref name="text"/>, in order, repeats kept.</summary>
    public static List<string> Tokens(string text)
    {
        var stemmer = new EnglishStemmer(); // not thread-safe: one per call
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0) start = i;
            if (inWord || start < 0) continue;
            var token = text[start..i].ToLowerInvariant();
            start = -1;
            if (StopWords.Contains(token)) continue;
            stemmer.SetCurrent(token);
            stemmer.Stem();
            tokens.Add(stemmer.Current);
        }
        return tokens;
    }

    /// <summary>A document's sparse vector: BM25 term-frequency weight per distinct token.</summary>
    public static Dictionary<string, double> DocumentWeights(Document document)
    {
        var k = Option(document, "k", DefaultK);
        var b = Option(document, "b", DefaultB);
        var avgLen = Option(document, "avg_len", DefaultAvgLen);
        var tokens = Tokens(document.Text);
        return tokens.CountBy(t => t).ToDictionary(
            c => c.Key,
            c => c.Value * (k + 1) / (c.Value + k * (1 - b + b * tokens.Count / avgLen)),
            StringComparer.Ordinal);
    }

    /// <summary>A query's sparse vector: weight 1 per distinct token.</summary>
    public static HashSet<string> QueryTokens(string text) => new(Tokens(text), StringComparer.Ordinal);

    private static double Option(Document document, string name, double fallback) =>
        document.Options.TryGetValue(name, out var value) ? value.KindCase switch
        {
            Value.KindOneofCase.DoubleValue => value.DoubleValue,
            Value.KindOneofCase.IntegerValue => value.IntegerValue,
            _ => fallback,
        } : fallback;
}
