using Emitter.Generator;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Reporting;
using Emitter.Generator.Sinks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Emitter.Tests.Fakes;

/// <summary>Runs the real pipeline on a <see cref="FakeTimeProvider"/>, moving the clock forward until the run ends: no test sleeps through a run.</summary>
public static class FakeClockRun
{
    public static async Task<RunSummary> RunAsync(EmitterConfig config, MessagePool pool, ulong seed,
        IReadOnlyList<(ILogSink Sink, SinkConfig Config)> sinks, FakeTimeProvider? time = null,
        TimeSpan? step = null, Func<FakeTimeProvider, bool>? stopWhen = null, IRunPlan? plan = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var context = new SinkContext(pool, pool.Embedding!);
        foreach (var (sink, _) in sinks) await sink.InitializeAsync(context, default);
        var pipelines = sinks.Select(s => new SinkPipeline(s.Sink, s.Config, time, NullLogger.Instance)).ToList();
        var run = Task.Run(() => new GeneratorRun(config, pool, seed, pipelines, time, NullLogger.Instance, plan).RunAsync(stop.Token));

        var started = time.GetTimestamp();
        while (!run.IsCompleted)
        {
            if (time.GetElapsedTime(started) > TimeSpan.FromHours(1)) throw new TimeoutException("The run did not end within an hour of fake time.");
            if (stopWhen?.Invoke(time) == true) await stop.CancelAsync();
            time.Advance(step ?? TimeSpan.FromMilliseconds(20));
            await Task.Delay(1);
        }
        return await run;
    }

    public static SinkConfig SinkConfig(string name, OnFullPolicy onFull = OnFullPolicy.Block, int capacity = 16) =>
        new("test", name, onFull, capacity, SinkSettings.Of("test.yaml", name, []));

    public static EmitterConfig Config(double durationSecs, params ServiceConfig[] services) => new()
    {
        SourceFile = "test.yaml",
        BufferSize = 500,
        FlushIntervalMs = 100,
        RunDurationSecs = durationSecs,
        ShutdownGraceSecs = 5,
        MessagePoolSize = 20,
        Embedding = new EmbeddingConfig(EmbeddingProvider.Local, null, EmbeddingConfig.LocalModel, 8, null, 0.01f, null),
        Sinks = [],
        Services = services,
    };
}
