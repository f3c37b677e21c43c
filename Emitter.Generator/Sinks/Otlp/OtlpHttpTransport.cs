using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Emitter.Generator.Sinks.Otlp;

/// <summary>
/// OTLP/HTTP with binary protobuf bodies: POST to the endpoint's <c>v1/logs</c> and <c>v1/traces</c>.
/// 429, 502, 503 and 504 are retryable (with Retry-After), as is a connection that fails or
/// times out; any other status is refused with the message of the google.rpc.Status body.
/// </summary>
internal sealed class OtlpHttpTransport : IOtlpTransport
{
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    private readonly HttpClient _http;
    private readonly OtlpSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _logs;
    private readonly Uri _traces;

    public OtlpHttpTransport(OtlpSinkOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _http = new HttpClient(Handler(options)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        foreach (var (name, value) in options.Headers) _http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        var root = new Uri(options.Endpoint.AbsoluteUri.TrimEnd('/') + "/");
        _logs = new Uri(root, "v1/logs");
        _traces = new Uri(root, "v1/traces");
    }

    /// <summary>Where logs and traces go.</summary>
    public (Uri Logs, Uri Traces) Targets => (_logs, _traces);

    /// <summary>A handler of its own: no proxy, keep-alive (the specification asks the client to keep the connection).</summary>
    public static SocketsHttpHandler Handler(OtlpSinkOptions options) => new()
    {
        UseProxy = false,
        ConnectTimeout = options.Timeout,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        EnableMultipleHttp2Connections = true,
    };

    public async Task<OtlpAnswer> ExportLogsAsync(byte[] request, CancellationToken cancellationToken)
    {
        var (answer, body) = await PostAsync(_logs, request, cancellationToken).ConfigureAwait(false);
        if (body is null) return answer!;
        var response = ExportLogsServiceResponse.Parser.ParseFrom(body);
        return OtlpAnswer.Accepted(response.PartialSuccess?.RejectedLogRecords ?? 0, response.PartialSuccess?.ErrorMessage);
    }

    public async Task<OtlpAnswer> ExportAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken)
    {
        var (answer, body) = await PostAsync(_traces, request.ToByteArray(), cancellationToken).ConfigureAwait(false);
        if (body is null) return answer!;
        var response = ExportTraceServiceResponse.Parser.ParseFrom(body);
        return OtlpAnswer.Accepted(response.PartialSuccess?.RejectedSpans ?? 0, response.PartialSuccess?.ErrorMessage);
    }

    /// <summary>The 200 answer's body, or the answer of any other outcome.</summary>
    private async Task<(OtlpAnswer? Answer, byte[]? Body)> PostAsync(Uri target, byte[] message, CancellationToken cancellationToken)
    {
        var shown = SinkUrls.Redact(target);
        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var content = new ByteArrayContent(Body(message));
            content.Headers.ContentType = Protobuf;
            if (_options.Compression == OtlpCompression.Gzip) content.Headers.ContentEncoding.Add("gzip");
            using var response = await _http.PostAsync(target, content, limit.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK) return (null, bytes);
            var reason = $"the OTLP receiver at {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}{StatusMessage(bytes)}";
            return (int)response.StatusCode is 429 or 502 or 503 or 504
                ? (OtlpAnswer.Retry(reason, RetryAfterHeader.Parse(response.Headers.RetryAfter?.ToString(), _time.GetUtcNow())), null)
                : (OtlpAnswer.Refuse(reason), null);
        }
        catch (HttpRequestException e)
        {
            return (OtlpAnswer.Retry($"the OTLP receiver at {shown} is unreachable ({e.Message})", null), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (OtlpAnswer.Retry($"the OTLP receiver at {shown} did not answer within {_options.Timeout.TotalMilliseconds:0} ms", null), null);
        }
    }

    private byte[] Body(byte[] message)
    {
        if (_options.Compression == OtlpCompression.None) return message;
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(message);
        return buffer.ToArray();
    }

    // The specification's failure body: a google.rpc.Status whose message says what is wrong.
    private static string StatusMessage(byte[] body)
    {
        try
        {
            var status = Google.Rpc.Status.Parser.ParseFrom(body);
            return string.IsNullOrWhiteSpace(status.Message) ? "" : $": {OneLine(status.Message)}";
        }
        catch (InvalidProtocolBufferException)
        {
            return "";
        }
    }

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    public void Dispose() => _http.Dispose();
}
