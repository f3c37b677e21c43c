using System.Globalization;
using Emitter.Generator;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Null;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Performance;

/// <summary>
/// Emitters through batching and fan-out into a null sink, with pool vectors of the given size:
/// the generator's own ceiling. The target rate is set above what the machine can do, so the
/// open-loop emitters run flat out and entries / wall time is the throughput.
/// </summary>
public static class PipelineBenchmark
{
    public static async Task RunAsync(EndToEndOptions options)
    {
        var pool = BenchmarkPools.Create(2_000, options.Dimensions);
        var services = Enumerable.Range(1, 4)
            .Select(i => new ServiceConfig($"svc-{i}", options.Rate / 4, [0.1, 0.7, 0.15, 0.05], ArrivalProcess.Poisson))
            .ToArray();
        var config = new EmitterConfig
        {
            SourceFile = "benchmark",
            BufferSize = 1000,
            FlushIntervalMs = 1000,
            RunDurationSecs = options.Seconds,
            MessagePoolSize = pool.Messages.Count,
            Embedding = new EmbeddingConfig(EmbeddingProvider.Local, null, "random", options.Dimensions, null, 0.01f, null),
            Sinks = [],
            Services = services,
        };
        var sinkConfig = new SinkConfig(SinkTypes.Null, "null", OnFullPolicy.Block, 64, SinkSettings.Of("benchmark", "null", []));
        var pipeline = new SinkPipeline(new NullSink("null"), sinkConfig, TimeProvider.System, NullLogger.Instance);

        var summary = await new GeneratorRun(config, pool, 42, [pipeline], TimeProvider.System, NullLogger.Instance).RunAsync(CancellationToken.None);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pipeline: {summary.Emitted:N0} entries ({options.Dimensions}-dim vectors, 4 services, null sink) in {summary.DurationSecs:0.00} s = {summary.AchievedRate:N0} entries/s on {options.Cores?.ToString(CultureInfo.InvariantCulture) ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} core(s); delivered {summary.Sinks["null"].Delivered:N0}, target {options.Rate:N0}/s"));
    }
}
