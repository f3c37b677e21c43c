using Emitter.Generator.Configuration;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// OTLP/gRPC: the collector's LogsService (its Export method with the request in bytes) and TraceService (the generated client). Retryable codes are the
/// specification's table (CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE,
/// DATA_LOSS; RESOURCE_EXHAUSTED only with RetryInfo), RetryInfo's delay the wait asked for.
/// </summary>
internal sealed class OtlpGrpcTransport : IOtlpTransport
{
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly TraceService.TraceServiceClient _traces;
    private readonly Metadata _headers = [];
    private readonly OtlpSinkOptions _options;
    private readonly string _shown;
    private readonly TimeProvider _time;

    public OtlpGrpcTransport(OtlpSinkOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _shown = SinkUrls.Redact(options.Endpoint);
        _channel = GrpcChannel.ForAddress(options.Endpoint, new GrpcChannelOptions
        {
            HttpHandler = OtlpHttpTransport.Handler(options),
            MaxReceiveMessageSize = 4 * 1024 * 1024,
            MaxSendMessageSize = null,
        });
        _invoker = _channel.CreateCallInvoker();
        _traces = new TraceService.TraceServiceClient(_channel);
        foreach (var (name, value) in options.Headers) _headers.Add(name, value);
        // Grpc.Net.Client compresses a request with the provider this header names.
        if (options.Compression == OtlpCompression.Gzip) _headers.Add("grpc-internal-encoding-request", "gzip");
    }

    // LogsService/Export as the generated client declares it, with the request already in bytes.
    private static readonly Method<byte[], ExportLogsServiceResponse> ExportLogs = new(MethodType.Unary, LogsService.Descriptor.FullName, "Export",
        Marshallers.Create(static (byte[] bytes) => bytes, static bytes => bytes),
        Marshallers.Create(static (ExportLogsServiceResponse r) => r.ToByteArray(), ExportLogsServiceResponse.Parser.ParseFrom));

    public Task<OtlpAnswer> ExportLogsAsync(byte[] request, CancellationToken cancellationToken) =>
        CallAsync(async options =>
        {
            var response = await _invoker.AsyncUnaryCall(ExportLogs, null, options, request).ConfigureAwait(false);
            return OtlpAnswer.Accepted(response.PartialSuccess?.RejectedLogRecords ?? 0, response.PartialSuccess?.ErrorMessage);
        }, cancellationToken);

    public Task<OtlpAnswer> ExportAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken) =>
        CallAsync(async options =>
        {
            var response = await _traces.ExportAsync(request, options).ConfigureAwait(false);
            return OtlpAnswer.Accepted(response.PartialSuccess?.RejectedSpans ?? 0, response.PartialSuccess?.ErrorMessage);
        }, cancellationToken);

    private async Task<OtlpAnswer> CallAsync(Func<CallOptions, Task<OtlpAnswer>> call, CancellationToken cancellationToken)
    {
        // The timeout runs on the run's clock (a gRPC deadline would read the wall clock).
        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await call(new CallOptions(_headers, cancellationToken: limit.Token)).ConfigureAwait(false);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            if (deadline.IsCancellationRequested) // DEADLINE_EXCEEDED as the client sees it: retryable
                return OtlpAnswer.Retry($"the OTLP receiver at {_shown} did not answer within {_options.Timeout.TotalMilliseconds:0} ms", null);
            var retryInfo = e.GetRpcStatus()?.GetDetail<RetryInfo>();
            var reason = $"the OTLP receiver at {_shown} answered {e.StatusCode}{(string.IsNullOrEmpty(e.Status.Detail) ? "" : $": {e.Status.Detail}")}";
            return Retryable(e.StatusCode, retryInfo is not null)
                ? OtlpAnswer.Retry(reason, retryInfo?.RetryDelay?.ToTimeSpan())
                : OtlpAnswer.Refuse(reason);
        }
    }

    /// <summary>The specification's table of retryable gRPC codes.</summary>
    public static bool Retryable(StatusCode code, bool hasRetryInfo) => code switch
    {
        StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.OutOfRange
            or StatusCode.Unavailable or StatusCode.DataLoss => true,
        StatusCode.ResourceExhausted => hasRetryInfo,
        _ => false,
    };

    public void Dispose() => _channel.Dispose();
}
