namespace Emitter.Generator.Model;

/// <summary>Which words of a keyword query a document must hold: any of them (the default of Elasticsearch's match and BM25 scoring) or all.</summary>
public enum MatchMode
{
    Any,
    All,
}

/// <summary>What a search brings back: the ids only, or the entries' stored fields too (the original query tool fetched payloads).</summary>
public enum FetchMode
{
    Ids,
    Payload,
}

/// <summary>
/// One search shape sent to every store in its own form, so stores are compared on equal terms:
/// one search width (<paramref name="Ef"/>) on each store's native parameter, the same RRF
/// constant and candidate window, the same word matching and the same fetch.
/// </summary>
/// <param name="Ef">HNSW search width: pgvector hnsw.ef_search, Qdrant hnsw_ef, Elasticsearch num_candidates, OpenSearch method_parameters.ef_search.</param>
public sealed record SearchShape(int Ef, MatchMode Match, FetchMode Fetch)
{
    public const int DefaultEf = 100;

    /// <summary>RRF's constant, sent explicitly to every store (Qdrant's own default is 2, the others' 60).</summary>
    public const int RrfK = 60;

    /// <summary>Each side of a hybrid ranks this many times top_k before the fusion.</summary>
    public const int WindowPerResult = 2;

    public static readonly SearchShape Default = new(DefaultEf, MatchMode.Any, FetchMode.Ids);

    /// <summary>The candidates each side of a hybrid ranks for the fusion.</summary>
    public static int Window(int topK) => topK * WindowPerResult;

    /// <summary>The search width for <paramref name="k"/> results: never below k (the stores refuse or return fewer).</summary>
    public int EfFor(int k) => Math.Max(Ef, k);

    public string MatchName => Match == MatchMode.Any ? "any" : "all";
    public string FetchName => Fetch == FetchMode.Ids ? "ids" : "payload";
}
