using System.Collections.Concurrent;
using System.Text;
using Emitter.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Emitter.Tests.AppHost;

/// <summary>
/// A fake OpenTelemetry collector: accepts OTLP/HTTP protobuf POSTs to /v1/metrics (and the
/// other signals, ignored) and keeps the metric bodies, to look for instrument names in them.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _metrics = new();

    private OtlpCollector(WebApplication app) => _app = app;

    public Uri Endpoint => LoopbackApp.Address(_app);

    public static async Task<OtlpCollector> StartAsync(CancellationToken ct)
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector._metrics.Enqueue(body.ToArray());
            return Results.Bytes([], "application/x-protobuf"); // an empty ExportMetricsServiceResponse
        });
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync(ct);
        return collector;
    }

    /// <summary>Whether any metrics export so far names the instrument (UTF-8 in the protobuf body).</summary>
    public bool HasMetric(string name)
    {
        var needle = Encoding.UTF8.GetBytes(name);
        return _metrics.Any(body => body.AsSpan().IndexOf(needle) >= 0);
    }

    public int MetricExports => _metrics.Count;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
