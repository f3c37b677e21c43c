using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.OpenSearch;

/// <summary>An OpenSearch sink's settings, checked. Not a record: its printed form must not show the password.</summary>
public sealed class OpenSearchSinkOptions
{
    public const string DefaultIndex = "logs";

    /// <summary>The server address, without user information.</summary>
    public required Uri Url { get; init; }

    public string? User { get; init; }
    public string? Password { get; init; }
    public string Index { get; init; } = DefaultIndex;
    public IndexMode IndexMode { get; init; } = IndexMode.Hybrid;

    /// <summary>Accept any TLS certificate (the security plugin's demo certificate is self-signed). Off unless set.</summary>
    public bool SkipCert { get; init; }

    public int BulkMaxBytes { get; init; } = Elasticsearch.ElasticsearchSinkOptions.DefaultBulkMaxBytes;
    public int MaxInFlight { get; init; } = Elasticsearch.ElasticsearchSinkOptions.DefaultMaxInFlight;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public override string ToString() => $"opensearch {Url} index {Index}";
}
