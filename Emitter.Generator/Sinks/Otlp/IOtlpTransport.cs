using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>One export request over gRPC or HTTP, one attempt, its answer classified (no retry here: the pipeline retries).</summary>
internal interface IOtlpTransport : IDisposable
{
    Task<OtlpAnswer> ExportAsync(ExportLogsServiceRequest request, CancellationToken cancellationToken);

    Task<OtlpAnswer> ExportAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken);
}
