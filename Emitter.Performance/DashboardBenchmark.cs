using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Emitter.Dashboard;
using Emitter.Generator;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Performance;

/// <summary>
/// The generator at a fixed rate with a dashboard sink into the real dashboard (in process, on
/// loopback), first with no browser clients, then with N WebSocket clients of which one never
/// reads: the achieved rates should match, the reading clients should miss nothing.
/// </summary>
public static class DashboardBenchmark
{
    public static async Task RunAsync(EndToEndOptions options)
    {
        var app = DashboardApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var pool = BenchmarkPools.Create(2_000, options.Dimensions);

        // Warm up first (JIT of both sides, the connection): a cold first POST can pass the sink's timeout.
        Report("warm-up", await RunGeneratorAsync(options with { Seconds = 2 }, pool, address), options);
        var alone = await RunGeneratorAsync(options, pool, address);
        Report("no clients", alone, options);

        using var stop = new CancellationTokenSource();
        var clients = new List<ClientWebSocket>();
        var counts = new long[Math.Max(0, options.Clients - 1)];
        var readers = new List<Task>();
        for (var i = 0; i < options.Clients; i++)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://{address.Authority}/ws"), CancellationToken.None);
            clients.Add(socket);
            if (i > 0) readers.Add(ReadAsync(socket, counts, i - 1, stop.Token)); // client 0 never reads
        }
        using var http = new HttpClient { BaseAddress = address };
        while (JsonDocument.Parse(await http.GetStringAsync("/stats")).RootElement.GetProperty("clients").GetInt32() < options.Clients) await Task.Delay(20);

        var attached = await RunGeneratorAsync(options, pool, address);
        Report($"{options.Clients} clients, 1 never reading", attached, options);
        await Task.Delay(1000); // let the readers take the last frames
        var stats = JsonDocument.Parse(await http.GetStringAsync("/stats")).RootElement;
        var missed = stats.GetProperty("missed_per_client").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var delivered = attached.Sinks["dashboard"].Delivered;

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"  achieved rate with clients / without: {attached.AchievedRate / alone.AchievedRate * 100 - 100:+0.00;-0.00}%"));
        Console.WriteLine(string.Create(c, $"  reading clients received {counts.Min():N0}..{counts.Max():N0} of {delivered:N0} entries ingested; missed per client (server): {string.Join(" ", missed)}"));

        await stop.CancelAsync();
        foreach (var socket in clients) socket.Abort();
        await Task.WhenAll(readers);
        await app.StopAsync();
    }

    private static async Task<RunSummary> RunGeneratorAsync(EndToEndOptions options, Emitter.Generator.Model.MessagePool pool, Uri address)
    {
        var config = new EmitterConfig
        {
            SourceFile = "benchmark",
            BufferSize = 1000,
            FlushIntervalMs = 1000,
            RunDurationSecs = options.Seconds,
            MessagePoolSize = pool.Messages.Count,
            Embedding = new EmbeddingConfig(EmbeddingProvider.Local, null, "random", options.Dimensions, null, 0.01f, null),
            Sinks = [],
            Services = Enumerable.Range(1, 4).Select(i => new ServiceConfig($"svc-{i}", options.Rate / 4, [0.1, 0.7, 0.15, 0.05], ArrivalProcess.Poisson)).ToArray(),
        };
        var sinkConfig = new SinkConfig(SinkTypes.Dashboard, "dashboard", SinkCatalog.Default[SinkTypes.Dashboard].DefaultOnFull, SinkConfig.DefaultQueueCapacity,
            SinkSettings.Of("benchmark", "dashboard", [new("url", address.ToString())]));
        await using var sink = SinkCatalog.Default.Create(sinkConfig, new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System));
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), CancellationToken.None);
        var pipeline = new SinkPipeline(sink, sinkConfig, TimeProvider.System, NullLogger.Instance);
        return await new GeneratorRun(config, pool, 42, [pipeline], TimeProvider.System, NullLogger.Instance).RunAsync(CancellationToken.None);
    }

    private static void Report(string label, RunSummary summary, EndToEndOptions options)
    {
        var sink = summary.Sinks["dashboard"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard, {label}: {summary.Emitted:N0} entries in {summary.DurationSecs:0.00} s = {summary.AchievedRate:N1}/s (target {options.Rate:N0}/s), max lag {summary.MaxLagMs:N0} ms; sink delivered {sink.Delivered:N0}, dropped {sink.Dropped:N0}, failed {sink.Failed:N0}, max latency {sink.MaxLatencyMs:N0} ms"));
    }

    private static async Task ReadAsync(ClientWebSocket socket, long[] counts, int index, CancellationToken stop)
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop);
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var frame = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)).RootElement;
                if (frame.GetProperty("type").GetString() == "flush") counts[index] += frame.GetProperty("total_count").GetInt64();
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }
}
