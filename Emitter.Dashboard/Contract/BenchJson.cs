using System.Text.Json.Serialization;

namespace Emitter.Dashboard.Contract;

/// <summary>
/// The bench snapshot's JSON (snake_case, like the ingest contract), generated at compile time.
/// POST /bench, Content-Type application/json:
/// <c>{"at":"...","phase":"heavy","phase_index":1,"phases":[..],"elapsed_secs":..,"duration_secs":..,"finished":false,
/// "stores":[{"store":"pgvector","mode":"vector","queries":..,"errors":..,"p50_ms":..,"p99_ms":..,
/// "markers_found":..,"markers_missing":..,"freshness_p50_ms":..,"freshness_p99_ms":..}],
/// "capacity":[{"store":"pgvector","mode":"vector","phase":"heavy","steps":3,"qps":40,"queries":400,"p99_ms":..,"error_rate":..,
/// "passed":true,"p99_censored":false,"best_qps":40,"done":false,"max_qps_at_slo":null}],"capacity_target":{"slo_p99_ms":..,"max_error_rate":..}}</c>
/// (capacity and capacity_target only with bench.capacity).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BenchSnapshot))]
internal sealed partial class BenchJson : JsonSerializerContext
{
    public const string Path = "/bench";
}
