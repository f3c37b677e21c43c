using Elastic.Clients.Elasticsearch.Mapping;
using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.Elasticsearch;

/// <summary>An Elasticsearch sink's settings, checked. Not a record: its printed form must not show secrets.</summary>
public sealed class ElasticsearchSinkOptions
{
    public const string DefaultIndex = "logs";
    public const int DefaultBulkMaxBytes = 5 * 1024 * 1024;
    public const int DefaultMaxInFlight = 3;

    /// <summary>The server address, without user information.</summary>
    public required Uri Url { get; init; }

    public string? User { get; init; }
    public string? Password { get; init; }
    public string? ApiKey { get; init; }
    public string Index { get; init; } = DefaultIndex;

    /// <summary>Upper bound of one <c>_bulk</c> body; a batch larger than this goes as several requests.</summary>
    public int BulkMaxBytes { get; init; } = DefaultBulkMaxBytes;

    /// <summary><c>_bulk</c> requests in flight at once.</summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <summary>The dense_vector index_options type; hnsw as the original (Elasticsearch 9's own default quantises).</summary>
    public DenseVectorIndexOptionsType IndexOptions { get; init; } = DenseVectorIndexOptionsType.Hnsw;

    /// <summary>The config error for an index_options type the run's dimensions rule out (file:line: key when read from a file).</summary>
    public Func<string, ConfigException> IndexOptionsRefusal { get; init; } = problem => new ConfigException($"index_options: {problem}");

    /// <summary>What the index holds: vectors, text or both (<c>index_mode</c>).</summary>
    public IndexMode IndexMode { get; init; } = IndexMode.Hybrid;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public override string ToString() => $"elasticsearch {Url} index {Index}";
}
