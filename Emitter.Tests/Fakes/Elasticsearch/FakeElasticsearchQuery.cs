using System.Text.Json.Nodes;

namespace Emitter.Tests.Fakes;

/// <summary>A search the fake cannot run, or one the server refuses, as the error it answers.</summary>
internal sealed class FakeElasticsearchSearchException(int status, string type, string reason) : Exception(reason)
{
    public int Status { get; } = status;
    public string Type { get; } = type;

    public static FakeElasticsearchSearchException Parsing(string reason) => new(400, "parsing_exception", reason);
    public static FakeElasticsearchSearchException Invalid(string reason) => new(400, "illegal_argument_exception", reason);

    /// <summary>A query the real server runs but this fake does not: the test must not pass on a silent empty answer.</summary>
    public static FakeElasticsearchSearchException NotModelled(string what) => new(400, "parsing_exception", $"the FAKE Elasticsearch does not model {what}");
}

/// <summary>
/// The query DSL over one index's stored documents, exactly (no HNSW: every document is scored):
/// <c>match_all</c>, <c>match</c> (BM25 on text fields, exact on keyword fields), <c>term</c>/<c>terms</c>
/// (constant score 1), <c>bool</c> (must, filter, should, must_not) and the <c>knn</c> query
/// (server/src/main/java/org/elasticsearch/index/query/*QueryBuilder.java and
/// server/src/main/java/org/elasticsearch/search/vectors/KnnVectorQueryBuilder.java at v9.1.5).
/// </summary>
internal sealed class FakeElasticsearchQuery(FakeElasticsearchIndex index, IReadOnlyList<(string Id, JsonObject Source)> documents, int size)
{
    private const int MaxCandidates = 10_000; // KnnSearchBuilder/KnnVectorQueryBuilder NUM_CANDS_LIMIT
    private readonly Dictionary<string, FakeElasticsearchText> _text = new();

    public IReadOnlyList<(string Id, JsonObject Source)> Documents => documents;

    /// <summary>Matching documents and their scores.</summary>
    public Dictionary<string, double> Evaluate(JsonNode? query)
    {
        if (query is null) return documents.ToDictionary(d => d.Id, _ => 1.0);
        if (query is not JsonObject { Count: 1 } clause) throw FakeElasticsearchSearchException.Parsing("[_na] query malformed, must start with start_object");
        var (type, body) = clause.First();
        return type switch
        {
            "match_all" => documents.ToDictionary(d => d.Id, _ => Boost(body)),
            "match" => Match(body!.AsObject()),
            "term" => Terms(body!.AsObject(), single: true),
            "terms" => Terms(body!.AsObject(), single: false),
            "bool" => Bool(body!.AsObject()),
            "knn" => Knn(body!.AsObject(), defaultK: size),
            _ => throw FakeElasticsearchSearchException.NotModelled($"the [{type}] query"),
        };
    }

    /// <summary>Top <c>k</c> documents by similarity to <c>query_vector</c> among those its own <c>filter</c> lets through (cosine: (1 + cos) / 2).</summary>
    public Dictionary<string, double> Knn(JsonObject knn, int defaultK)
    {
        var field = knn["field"]?.GetValue<string>() ?? throw FakeElasticsearchSearchException.Invalid("[knn] requires a [field]");
        var vector = knn["query_vector"]?.AsArray().Select(v => v!.GetValue<float>()).ToArray()
            ?? throw FakeElasticsearchSearchException.NotModelled("knn without query_vector (query_vector_builder)");
        var k = knn["k"]?.GetValue<int>() ?? defaultK;
        // num_candidates defaults to min(1.5 * k, 10000) (KnnSearchBuilder); k may not exceed it.
        var candidates = knn["num_candidates"]?.GetValue<int>() ?? Math.Min((int)Math.Round(1.5 * k), MaxCandidates);
        if (k < 1) throw FakeElasticsearchSearchException.Invalid("[k] must be greater than 0");
        if (candidates > MaxCandidates) throw FakeElasticsearchSearchException.Invalid($"[num_candidates] cannot exceed [{MaxCandidates}]");
        if (candidates < k) throw FakeElasticsearchSearchException.Invalid("[num_candidates] cannot be less than [k]");
        var dims = index.Mappings["properties"]?[field]?["dims"]?.GetValue<int>();
        if (index.Mappings["properties"]?[field]?["type"]?.GetValue<string>() != "dense_vector")
            throw FakeElasticsearchSearchException.Invalid($"[knn] queries are only supported on [dense_vector] fields; field [{field}] is not");
        if (dims != vector.Length)
            throw FakeElasticsearchSearchException.Invalid($"The query vector has a different number of dimensions [{vector.Length}] than the document vectors [{dims}].");

        var allowed = knn["filter"] is { } filter ? Filters(filter) : null;
        var boost = Boost(knn);
        return documents
            .Where(d => allowed is null || allowed.Contains(d.Id))
            .Select(d => (d.Id, Vector: d.Source[field] as JsonArray))
            .Where(d => d.Vector is not null)
            .Select(d => (d.Id, Score: (1 + FakeRanking.Cosine(vector, d.Vector!)) / 2 * boost))
            .OrderByDescending(d => d.Score)
            .Take(k)
            .ToDictionary(d => d.Id, d => d.Score);
    }

    /// <summary>The ids a filter (one clause or an array, all must hold) lets through.</summary>
    public HashSet<string> Filters(JsonNode filter)
    {
        var clauses = filter is JsonArray array ? array.ToList() : [filter];
        HashSet<string> allowed = [.. documents.Select(d => d.Id)];
        foreach (var clause in clauses) allowed.IntersectWith(Evaluate(clause).Keys);
        return allowed;
    }

    private Dictionary<string, double> Bool(JsonObject body)
    {
        foreach (var key in body.Select(p => p.Key).Where(k => k is not ("must" or "filter" or "should" or "must_not" or "boost" or "minimum_should_match")))
            throw FakeElasticsearchSearchException.Parsing($"[bool] query does not support [{key}]");
        static List<JsonNode?> Clauses(JsonNode? node) => node switch { null => [], JsonArray a => [.. a], _ => [node] };

        // At v9.1.5 the bool's filter clauses do not pre-filter a knn query inside it: knn finds its k
        // nearest among all documents (or its own filter's), then the bool drops those the filters refuse
        // (docs "Filter approximate kNN results"; automatic pre-filtering came later, elastic/elasticsearch#137739).
        HashSet<string>? filtered = null;
        foreach (var filter in Clauses(body["filter"]))
        {
            var ids = Evaluate(filter).Keys;
            filtered = filtered is null ? [.. ids] : [.. filtered.Intersect(ids)];
        }
        var must = Clauses(body["must"]);
        var should = Clauses(body["should"]);
        Dictionary<string, double>? result = null;
        foreach (var clause in must)
        {
            var scores = Evaluate(clause);
            result = result is null ? scores : result.Where(r => scores.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => r.Value + scores[r.Key]);
        }
        result ??= (must.Count == 0 && should.Count > 0 && body["filter"] is null)
            ? new Dictionary<string, double>() // only should clauses: at least one must match
            : documents.ToDictionary(d => d.Id, _ => 0.0);
        if (filtered is not null) result = result.Where(r => filtered.Contains(r.Key)).ToDictionary();
        var onlyShould = must.Count == 0 && body["filter"] is null;
        foreach (var clause in should)
        {
            foreach (var (id, score) in Evaluate(clause))
            {
                if (result.TryGetValue(id, out var current)) result[id] = current + score;
                else if (onlyShould && (filtered is null || filtered.Contains(id))) result[id] = score;
            }
        }
        foreach (var clause in Clauses(body["must_not"]))
            foreach (var id in Evaluate(clause).Keys) result.Remove(id);
        var boost = Boost(body);
        return result.ToDictionary(r => r.Key, r => r.Value * boost);
    }

    private Dictionary<string, double> Match(JsonObject body)
    {
        var (field, value) = body.Single();
        var (text, all) = value is JsonObject options
            ? (options["query"]?.ToString() ?? "", options["operator"]?.GetValue<string>()?.ToLowerInvariant() == "and")
            : (value?.ToString() ?? "", false);
        if (FieldType(field) == "keyword") // a keyword field's analyzer keeps the whole value as one term
            return documents.Where(d => d.Source[field]?.ToString() == text).ToDictionary(d => d.Id, _ => 1.0);
        if (!_text.TryGetValue(field, out var analyzed))
        {
            analyzed = new FakeElasticsearchText(documents.Where(d => d.Source[field] is JsonValue).Select(d => (d.Id, d.Source[field]!.ToString())));
            _text[field] = analyzed;
        }
        return analyzed.Match(text, all);
    }

    /// <summary>term/terms: exact values, constant score 1 (simplified for term, which the server scores like a one-term match).</summary>
    private Dictionary<string, double> Terms(JsonObject body, bool single)
    {
        var (field, value) = body.First(p => p.Key != "boost");
        var values = single
            ? [(value is JsonObject o ? o["value"] : value)?.ToString()]
            : value is JsonArray list ? list.Select(v => v?.ToString()).ToHashSet()
            : throw FakeElasticsearchSearchException.NotModelled("a terms lookup");
        var boost = Boost(body);
        return documents.Where(d => values.Contains(d.Source[field]?.ToString())).ToDictionary(d => d.Id, _ => boost);
    }

    private string? FieldType(string field) => index.Mappings["properties"]?[field]?["type"]?.GetValue<string>();

    private static double Boost(JsonNode? body) => body?["boost"]?.GetValue<double>() ?? 1.0;
}
