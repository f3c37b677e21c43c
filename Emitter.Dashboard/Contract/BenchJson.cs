using System.Text.Json.Serialization;

namespace Emitter.Dashboard.Contract;

/// <summary>
/// The bench snapshot's JSON (snake_case, like the ingest contract), generated at compile time.
/// POST /bench, Content-Type application/json:
/// <c>{"at":"...","phase":"heavy","phase_index":1,"phases":[..],"elapsed_secs":..,"duration_secs":..,"finished":false,
/// "stores":[{"store":"pgvector","mode":"vector","queries":..,"errors":..,"p50_ms":..,"p99_ms":..,
/// "markers_found":..,"markers_missing":..,"freshness_p50_ms":..,"freshness_p99_ms":..}]}</c>
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BenchSnapshot))]
internal sealed partial class BenchJson : JsonSerializerContext
{
    public const string Path = "/bench";
}
