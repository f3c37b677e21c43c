namespace Emitter.Generator.Sinks.Qdrant;

/// <summary>A Qdrant sink's settings, checked. Not a record: its printed form must not show the API key.</summary>
public sealed class QdrantSinkOptions
{
    public const string DefaultCollection = "logs";
    public const int DefaultBatchSize = 256;
    public const int DefaultMaxInFlight = 4;

    /// <summary>The gRPC address (port 6334 on a stock server).</summary>
    public required Uri Endpoint { get; init; }

    public string? ApiKey { get; init; }
    public string Collection { get; init; } = DefaultCollection;

    /// <summary>Points per upsert request.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Upsert requests in flight at once.</summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <summary>Whether an upsert waits until the points are applied (true) or only queued by the server.</summary>
    public bool Wait { get; init; } = true;

    /// <summary>Deadline of each gRPC call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What the collection holds: dense vectors, BM25 or both (<c>index_mode</c>).</summary>
    public Configuration.IndexMode IndexMode { get; init; } = Configuration.IndexMode.Hybrid;

    public override string ToString() => $"qdrant {SinkUrls.Redact(Endpoint)} collection {Collection}";
}
