using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Emitter.Tests.Fakes.Otlp;

/// <summary>One export the receiver took: its signal, transport, request, headers and whether it came compressed.</summary>
public sealed record ReceivedExport(string Signal, string Protocol, IMessage Request, IReadOnlyDictionary<string, string> Headers, bool Gzip)
{
    // Not the whole request: a failed assertion prints this.
    public override string ToString() => $"{Signal} over {Protocol}{(Gzip ? " (gzip)" : "")}, {Request.CalculateSize()} bytes";
}

/// <summary>
/// An OTLP receiver for tests: the collector's LogsService and TraceService over gRPC (an HTTP/2
/// port) and OTLP/HTTP binary protobuf on <c>/v1/logs</c> and <c>/v1/traces</c> (an HTTP/1.1 port),
/// as opentelemetry-proto's docs/specification.md v1.11.0 has a server answer: 200 with an
/// Export*ServiceResponse (partial_success set only when something was rejected or said),
/// errors as a gRPC status (RetryInfo in its details) or an HTTP status with a google.rpc.Status
/// body and Retry-After. Records every request it took; faults are queued per signal.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedExport> _received = new();
    private readonly ConcurrentQueue<OtlpFault> _logFaults = new();
    private readonly ConcurrentQueue<OtlpFault> _traceFaults = new();
    private int _requests;
    private WebApplication _app = null!;

    public Uri GrpcEndpoint { get; private set; } = null!;
    public Uri HttpEndpoint { get; private set; } = null!;

    /// <summary>Requests of either signal that arrived, faults included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyCollection<ReceivedExport> Received => _received;

    public IEnumerable<ExportLogsServiceRequest> Logs => _received.Where(r => r.Signal == "logs").Select(r => (ExportLogsServiceRequest)r.Request);

    public IEnumerable<ExportTraceServiceRequest> Traces => _received.Where(r => r.Signal == "traces").Select(r => (ExportTraceServiceRequest)r.Request);

    public void FailNextLogs(params OtlpFault[] faults)
    {
        foreach (var fault in faults) _logFaults.Enqueue(fault);
    }

    public void FailNextTraces(params OtlpFault[] faults)
    {
        foreach (var fault in faults) _traceFaults.Enqueue(fault);
    }

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new OtlpReceiver();
        var builder = LoopbackApp.CreateBuilder(listen: o => o.Protocols = HttpProtocols.Http2,
            kestrel: k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(receiver);
        var app = builder.Build();
        app.MapGrpcService<LogsReceiver>();
        app.MapGrpcService<TracesReceiver>();
        app.MapPost("/v1/logs", (HttpContext http) => receiver.HttpAsync(http, "logs", ExportLogsServiceRequest.Parser, LogsAnswer));
        app.MapPost("/v1/traces", (HttpContext http) => receiver.HttpAsync(http, "traces", ExportTraceServiceRequest.Parser, TracesAnswer));
        await app.StartAsync(cancellationToken);
        receiver._app = app;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        // Kestrel lists the endpoints in the order they were added: the HTTP/2 one first.
        (receiver.GrpcEndpoint, receiver.HttpEndpoint) = (addresses[0], addresses[1]);
        return receiver;
    }

    // A full success leaves partial_success unset (the specification's MUST).
    private static ExportLogsServiceResponse LogsAnswer(OtlpFault? fault) => fault is { IsError: false }
        ? new() { PartialSuccess = new() { RejectedLogRecords = fault.Rejected, ErrorMessage = fault.Message } }
        : new();

    private static ExportTraceServiceResponse TracesAnswer(OtlpFault? fault) => fault is { IsError: false }
        ? new() { PartialSuccess = new() { RejectedSpans = fault.Rejected, ErrorMessage = fault.Message } }
        : new();

    internal OtlpFault? Take(string signal) => (signal == "logs" ? _logFaults : _traceFaults).TryDequeue(out var fault) ? fault : null;

    internal void Record(ReceivedExport export) => _received.Enqueue(export);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Runs one gRPC export: the fault queued for it, or the request recorded and answered.</summary>
    internal T Grpc<T>(string signal, IMessage request, ServerCallContext context, Func<OtlpFault?, T> answer)
    {
        CountRequest();
        var fault = Take(signal);
        if (fault is { GrpcStatus: { } code })
        {
            var status = new Google.Rpc.Status { Code = (int)code, Message = fault.Message };
            if (fault.RetryAfter is { } after) status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(after) }));
            throw status.ToRpcException();
        }
        var headers = context.RequestHeaders.Where(h => !h.IsBinary).GroupBy(h => h.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        // grpc-encoding is a reserved header the server leaves out of RequestHeaders: read it from the HTTP request.
        var gzip = context.GetHttpContext().Request.Headers["grpc-encoding"] == "gzip";
        Record(new ReceivedExport(signal, "grpc", request, headers, gzip));
        return answer(fault);
    }

    private async Task HttpAsync<TRequest, TResponse>(HttpContext http, string signal, MessageParser<TRequest> parser, Func<OtlpFault?, TResponse> answer)
        where TRequest : IMessage<TRequest> where TResponse : IMessage
    {
        CountRequest();
        if (http.Request.ContentType != "application/x-protobuf")
        {
            await ReplyAsync(http, 415, new Google.Rpc.Status { Message = $"unsupported content type {http.Request.ContentType}" });
            return;
        }
        var gzip = http.Request.Headers.ContentEncoding == "gzip";
        using var body = new MemoryStream();
        await (gzip ? new GZipStream(http.Request.Body, CompressionMode.Decompress) : http.Request.Body).CopyToAsync(body);
        var request = parser.ParseFrom(body.ToArray());
        var fault = Take(signal);
        if (fault is { HttpStatus: { } code })
        {
            if (fault.RetryAfter is { } after) http.Response.Headers.RetryAfter = ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ReplyAsync(http, code, new Google.Rpc.Status { Message = fault.Message });
            return;
        }
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Record(new ReceivedExport(signal, "http/protobuf", request, headers, gzip));
        await ReplyAsync(http, 200, answer(fault));
    }

    private static async Task ReplyAsync(HttpContext http, int status, IMessage body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/x-protobuf";
        await http.Response.Body.WriteAsync(body.ToByteArray());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class LogsReceiver(OtlpReceiver receiver) : LogsService.LogsServiceBase
    {
        public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context) =>
            Task.FromResult(receiver.Grpc("logs", request, context, LogsAnswer));
    }

    private sealed class TracesReceiver(OtlpReceiver receiver) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context) =>
            Task.FromResult(receiver.Grpc("traces", request, context, TracesAnswer));
    }
}
