using System.Diagnostics;
using System.Globalization;
using System.Net;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Otlp;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace Emitter.Performance;

/// <summary>
/// The OTLP sink's speed: encoding alone (a batch to a serialized ExportLogsServiceRequest, run it
/// with --cores 1), and end to end (batches through the sink's pipeline, over gRPC and over
/// HTTP/protobuf, into a local receiver that parses each request and counts its records).
/// </summary>
public static class OtlpThroughput
{
    private const int BatchSize = 1_000; // config.yaml's buffer_size

    private static Batch[] Batches(int count, bool traced)
    {
        var pool = BenchmarkPools.Create(2_000, 8);
        var now = DateTimeOffset.UtcNow;
        var ids = new TraceIds();
        return [.. Enumerable.Range(0, count).Select(b =>
        {
            var entries = Enumerable.Range(0, BatchSize).Select(i =>
            {
                var message = pool.Messages[(b * BatchSize + i) % pool.Messages.Count];
                var at = now.AddMilliseconds(b * BatchSize + i);
                return traced
                    ? new LogEntry(Guid.CreateVersion7(at), at, $"svc-{i % 8}", message.Level, message, ids.NextTraceId(), ids.NextSpanId())
                    : new LogEntry(Guid.CreateVersion7(at), at, $"svc-{i % 8}", message.Level, message);
            }).ToArray();
            return new Batch(entries, entries.Length, b + 1, now);
        })];
    }

    public static Task EncodeAsync(EndToEndOptions options)
    {
        var batches = Batches(16, traced: true);
        var writer = new OtlpLogsWriter(Shard.None);
        var encoder = new OtlpEncoder(Shard.None);
        var cores = options.Cores is { } c ? $"{c} core{(c == 1 ? "" : "s")}" : "all cores";
        // What the sink runs, then the generated messages it replaced (the same bytes).
        Measure($"otlp encode, the sink's writer ({cores})", options.Entries, batches, batch => writer.Write(batch).Length);
        Measure($"otlp encode, generated messages ({cores})", options.Entries, batches, batch => encoder.Logs(batch).ToByteArray().Length);
        return Task.CompletedTask;
    }

    private static void Measure(string name, long entries, Batch[] batches, Func<Batch, int> encode)
    {
        for (var i = 0; i < 300; i++) encode(batches[i % batches.Length]); // warm-up (tiered JIT)
        var rounds = entries / BatchSize;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++) bytes += encode(batches[i % batches.Length]);
        clock.Stop();
        var records = rounds * BatchSize;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {records:N0} records in {clock.Elapsed.TotalSeconds:0.00} s = {records / clock.Elapsed.TotalSeconds:N0} rows/s ({bytes / (double)records:0} bytes/record)"));
    }

    public static async Task EndToEndAsync(EndToEndOptions options)
    {
        var batches = Batches(64, traced: true);
        await using var receiver = await CountingReceiver.StartAsync();
        foreach (var (protocol, endpoint) in new[] { ("grpc", receiver.Grpc), ("http/protobuf", receiver.Http) })
        {
            var settings = SinkSettings.Of("benchmark", "sinks[0]", [new("endpoint", endpoint.ToString()), new("protocol", protocol)]);
            await using var sink = new OtlpSink("otlp", OtlpSinkOptions.Bind(settings), Shard.None, TimeProvider.System, NullLoggerFactory.Instance);
            var pipeline = new SinkPipeline(sink, new SinkConfig(SinkTypes.Otlp, "otlp", OnFullPolicy.Block, 16, settings), TimeProvider.System, NullLogger.Instance);
            pipeline.Start();
            for (var i = 0; i < 20; i++) await pipeline.EnqueueAsync(batches[i % batches.Length], default); // warm-up
            while (pipeline.Stats.Delivered < 20 * BatchSize) await Task.Delay(10);

            var before = receiver.Records;
            var clock = Stopwatch.StartNew();
            var sent = 0;
            while (clock.Elapsed.TotalSeconds < options.Seconds) await pipeline.EnqueueAsync(batches[sent++ % batches.Length], default);
            await pipeline.CompleteAsync(TimeSpan.FromMinutes(1));
            clock.Stop();
            var counted = receiver.Records - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"otlp end to end over {protocol}: {counted:N0} records counted by the receiver in {clock.Elapsed.TotalSeconds:0.00} s = {counted / clock.Elapsed.TotalSeconds:N0} rows/s (batches of {BatchSize:N0}; failed {pipeline.Stats.Failed}, retries {pipeline.Retries})"));
        }
    }

    /// <summary>A receiver that only counts: each request parsed, its records counted, an empty success returned.</summary>
    private sealed class CountingReceiver : IAsyncDisposable
    {
        private WebApplication _app = null!;
        private long _records;

        public Uri Grpc { get; private set; } = null!;
        public Uri Http { get; private set; } = null!;
        public long Records => Interlocked.Read(ref _records);

        public static async Task<CountingReceiver> StartAsync()
        {
            var receiver = new CountingReceiver();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
                k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
                k.Limits.MaxRequestBodySize = 64 << 20;
            });
            builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 << 20);
            builder.Services.AddSingleton(receiver);
            var app = builder.Build();
            app.MapGrpcService<Logs>();
            app.MapPost("/v1/logs", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                var request = ExportLogsServiceRequest.Parser.ParseFrom(body.GetBuffer().AsSpan(0, (int)body.Length));
                receiver.Count(request);
                http.Response.ContentType = "application/x-protobuf";
                await http.Response.Body.WriteAsync(new ExportLogsServiceResponse().ToByteArray());
            });
            await app.StartAsync();
            receiver._app = app;
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
            (receiver.Grpc, receiver.Http) = (addresses[0], addresses[1]);
            return receiver;
        }

        public void Count(ExportLogsServiceRequest request) =>
            Interlocked.Add(ref _records, request.ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => (long)s.LogRecords.Count)));

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private sealed class Logs(CountingReceiver receiver) : LogsService.LogsServiceBase
        {
            public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
            {
                receiver.Count(request);
                return Task.FromResult(new ExportLogsServiceResponse());
            }
        }
    }
}
