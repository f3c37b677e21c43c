using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<OtlpCollector> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
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
