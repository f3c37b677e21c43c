using System.Text.Json.Serialization;

namespace Emitter.Dashboard.Contract;

/// <summary>
/// The ingest contract's JSON (snake_case, like the run summary), generated at compile time.
/// POST /ingest, Content-Type application/json:
/// <c>{"sequence":1,"sealed_at":"...","entries":[{"id":"...","timestamp":"...","service":"api","level":"INFO","message":"...","trace_id":"...","span_id":"..."}]}</c>
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IngestBatch))]
internal sealed partial class IngestJson : JsonSerializerContext
{
    public const string Path = "/ingest";

    /// <summary>The dashboard's default cap on an /ingest body (Dashboard:MaxIngestBytes); the generator's dashboard sink splits a larger batch under it.</summary>
    public const int DefaultMaxBytes = 16 * 1024 * 1024;
}
