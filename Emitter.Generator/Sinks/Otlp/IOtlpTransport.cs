using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>One export request over gRPC or HTTP, one attempt, its answer classified (no retry here: the pipeline retries).</summary>
internal interface IOtlpTransport : IDisposable
{
    /// <param name="request">An ExportLogsServiceRequest's bytes (<see cref="OtlpLogsWriter"/>).</param>
    Task<OtlpAnswer> ExportLogsAsync(byte[] request, CancellationToken cancellationToken);

    Task<OtlpAnswer> ExportAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken);
}
