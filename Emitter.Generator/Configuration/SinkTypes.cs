namespace Emitter.Generator.Configuration;

/// <summary>Every sink type name Emitter knows, and how an Aspire app host announces each.</summary>
public static class SinkTypes
{
    public const string Stdout = "stdout";
    public const string Null = "null";
    public const string PgVector = "pgvector";
    public const string Qdrant = "qdrant";
    public const string Elasticsearch = "elasticsearch";
    public const string OpenSearch = "opensearch";
    public const string Dashboard = "dashboard";

    public static readonly string[] All = [Stdout, PgVector, Qdrant, Elasticsearch, OpenSearch, Dashboard, Null];

    /// <summary>Configuration keys (as an app host injects them) that add a sink not listed in the file.</summary>
    public static readonly (string Type, string ConfigurationKey, string SettingKey)[] Injected =
    [
        (PgVector, "ConnectionStrings:pgvector", "connection_string"),
        (Qdrant, "ConnectionStrings:qdrant", "connection_string"),
        (Elasticsearch, "ConnectionStrings:elasticsearch", "connection_string"),
        (OpenSearch, "ConnectionStrings:opensearch", "connection_string"),
        (Dashboard, "services:dashboard:http:0", "url"),
    ];

    /// <summary>Configuration keys (as an app host injects them) that add a setting to the sink it injected.</summary>
    public static readonly (string Type, string ConfigurationKey, string SettingKey)[] InjectedSettings =
    [
        (Dashboard, "Emitter:DashboardToken", "token"),
    ];
}
