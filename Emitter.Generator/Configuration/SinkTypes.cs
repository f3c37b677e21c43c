namespace Emitter.Generator.Configuration;

/// <summary>
/// The names of the sink types this build ships, for code that names one. What a build runs, and
/// how an app host announces each, is the catalog's (Stores/SinkCatalog, one descriptor a type).
/// </summary>
public static class SinkTypes
{
    public const string Stdout = "stdout";
    public const string Null = "null";
    public const string PgVector = "pgvector";
    public const string Qdrant = "qdrant";
    public const string Elasticsearch = "elasticsearch";
    public const string OpenSearch = "opensearch";
    public const string Dashboard = "dashboard";
    public const string Otlp = "otlp";
}
