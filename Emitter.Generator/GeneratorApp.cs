using System.Runtime.InteropServices;
using Emitter.Generator.Batching;
using Emitter.Generator.Bench;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Bench.Stores;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Pool;
using Emitter.Generator.Reporting;
using Emitter.Generator.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator;

/// <summary>
/// The generator from configuration to summary: validate everything first (exit 2 on bad
/// input), build and embed the pool, set up sinks, run, drain, report.
/// </summary>
public sealed class GeneratorApp(Stream stdout, TextWriter stderr, TimeProvider? time = null)
{
    public const int SinkFailureExitCode = 1;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<int> RunAsync(GeneratorOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Graceful(stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Graceful(stop));

        using var host = GeneratorHost.Build(stderr, _time, Environment.GetEnvironmentVariable);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Emitter");
        var sinks = new List<(ILogSink Sink, SinkConfig Config)>();
        var stores = new List<ISearchStore>();
        try
        {
            var loader = new ConfigLoader(Environment.GetEnvironmentVariable, key => host.Services.GetRequiredService<IConfiguration>()[key], SinkCatalog.Default.Types);
            var config = loader.Load(options.ConfigPath, options.Overrides);
            foreach (var notice in loader.Notices) logger.LogWarning("{Notice}", notice);

            var services = new SinkServices(stdout, host.Services.GetRequiredService<ILoggerFactory>(), _time, host.Services) { EmbeddingDimensions = config.Embedding.Dimensions };
            var sinkConfigs = config.Bench is { } benchConfig ? SearchStoreCatalog.Default.PrepareSinks(config.Sinks, benchConfig.BuildIndexesAfterPreseed) : config.Sinks;
            sinks.AddRange(sinkConfigs.Select(s => (SinkCatalog.Default.Create(s, services), s)));
            if (config.Bench is not null) stores.AddRange(SearchStoreCatalog.Default.CreateAll(sinkConfigs, services, config.SourceFile));

            await host.StartAsync(stop.Token);
            var seed = config.Seed ?? (ulong)Random.Shared.NextInt64();
            var pool = MessagePoolBuilder.Build(config.MessagePoolSize, seed);
            // A bench's queries are embedded with the pool, through the same cache.
            var plan = config.Bench is { } bench ? BenchPlan.Create(pool, bench, seed) : null;
            var embedding = await PoolEmbedding.EmbedAsync(config.Embedding, plan?.EmbeddingPool ?? pool, logger, stop.Token);
            pool.Embedding = embedding;
            plan?.Embedded();

            var context = new SinkContext(plan?.SinkPool ?? pool, embedding);
            await SinkStartup.InitializeAsync(sinks.Select(s => s.Sink), context, stop.Token);
            foreach (var store in stores) await store.InitializeAsync(context, stop.Token);

            var pipelines = sinks.Select(s => new SinkPipeline(s.Sink, s.Config, _time, logger)).ToList();
            var benchRun = plan is null ? null : new BenchRun(plan, stores, config, seed, _time, logger);
            var summary = await new EmitterRun(config, plan?.DrawPool ?? pool, seed, pipelines, _time, logger, benchRun).RunAsync(stop.Token);

            await stderr.WriteAsync(summary.ToText());
            if (options.SummaryPath is { } path)
            {
                await File.WriteAllTextAsync(path, summary.ToJson(), CancellationToken.None);
                if (summary.Bench is { } results) BenchChart.Write(results, BenchChart.PathBeside(path), logger);
            }
            return summary.Sinks.Values.Any(s => s.Failed > 0) ? SinkFailureExitCode : 0;
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return ConfigException.ExitCode;
        }
        catch (SinkSetupException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return SinkFailureExitCode;
        }
        catch (EmbeddingProviderException e)
        {
            await stderr.WriteLineAsync($"Embedding failed: {e.Message}");
            return SinkFailureExitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("Stopped before emission started; nothing was emitted.");
            return 130;
        }
        finally
        {
            foreach (var (sink, _) in sinks) await sink.DisposeAsync();
            foreach (var store in stores) await store.DisposeAsync();
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static Action<PosixSignalContext> Graceful(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true; // keep the process alive: the run drains its queues and reports
        stop.Cancel();
    };
}
