using System.Runtime.InteropServices;
using Emitter.Generator.Batching;
using Emitter.Generator.Bench;
using Emitter.Generator.Bench.Live;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Reporting;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator;

/// <summary>
/// The generator from configuration to summary: validate everything first (exit 2 on bad
/// input), build and embed the pool, set up sinks, run, drain, report.
/// </summary>
/// <param name="catalog">The sink types this run can make; <see cref="SinkCatalog.Default"/> unless a test brings its own.</param>
public sealed class GeneratorApp(Stream stdout, TextWriter stderr, TimeProvider? time = null, SinkCatalog? catalog = null)
{
    public const int SinkFailureExitCode = 1;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SinkCatalog _catalog = catalog ?? SinkCatalog.Default;
    private int _stopSignals;
    private EmitterRun? _run;

    public async Task<int> RunAsync(GeneratorOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal(stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal(stop));

        using var host = GeneratorHost.Build(stderr, _time, Environment.GetEnvironmentVariable);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Emitter");
        var sinks = new List<(ILogSink Sink, SinkConfig Config)>();
        var stores = new List<ISearchStore>();
        var probeStores = new List<ISearchStore>(); // the same stores again, on connections of their own for the probes
        var pipelines = new List<SinkPipeline>();
        var stopWhenGone = new List<CancellationTokenRegistration>();
        try
        {
            var loader = new ConfigLoader(Environment.GetEnvironmentVariable, key => host.Services.GetRequiredService<IConfiguration>()[key], _catalog.Types);
            var config = loader.Load(options.ConfigPath, options.Overrides);
            foreach (var notice in loader.Notices) logger.LogWarning("{Notice}", notice);

            var services = new SinkServices(stdout, host.Services.GetRequiredService<ILoggerFactory>(), _time, host.Services) { EmbeddingDimensions = config.Embedding.Dimensions, Shard = config.Shard };
            var sinkConfigs = config.Bench is not null ? _catalog.PrepareSinks(config.Sinks, SinkCatalog.RunTarget(_time)) : config.Sinks;
            var deferIndexes = config.Bench?.BuildIndexesAfterPreseed ?? false;
            sinks.AddRange(sinkConfigs.Select(s => (_catalog.Create(s, services, deferIndexes), s)));
            if (config.Bench is { } searched) _catalog.RefuseUnanswerable(sinkConfigs, searched.Queries.Modes, config.SourceFile);
            if (config.Bench is { } shaped)
            {
                stores.AddRange(_catalog.CreateSearchStores(sinkConfigs, services, config.SourceFile, deferIndexes, shaped.Queries.Shape));
                probeStores.AddRange(_catalog.CreateSearchStores(sinkConfigs, services, config.SourceFile, deferIndexes, shaped.Queries.Shape));
                // A capacity phase lasts its searches' bound, which grows with the stores searched (checked before anything connects).
                config = config with { Bench = shaped.ForStores(stores.Count) };
            }

            await host.StartAsync(stop.Token);
            var seed = config.Seed ?? (ulong)Random.Shared.NextInt64();
            var pool = config.PoolLayout.Build(config.MessagePoolSize, seed);
            // A bench's queries are embedded with the pool, through the same cache.
            var plan = config.Bench is { } bench ? BenchPlan.Create(pool, bench, seed) : null;
            // Incidents' own messages are embedded with the pool (a config has a bench or incidents, not both).
            var families = IncidentFamilies.Create(config.Incidents, pool, seed);
            EmbeddingInfo embedding;
            if (_catalog.NeedsVectors(sinkConfigs))
            {
                embedding = await PoolEmbedding.EmbedAsync(config.Embedding, plan?.EmbeddingPool ?? families.Pool, logger, stop.Token, _time);
            }
            else
            {
                // logstorm 0.3 skips the embedding the same way: no model load, no API call.
                embedding = EmbeddingInfo.None;
                logger.LogInformation("Embedding: {Reason}; the pool is not embedded", _catalog.EmbeddingNoneReason(config.Sinks));
            }
            pool.Embedding = embedding;
            families.Pool.Embedding = embedding;
            plan?.Embedded();

            var context = new SinkContext(plan?.SinkPool ?? families.Pool, embedding);
            await SinkStartup.InitializeAsync(sinks.Select(s => s.Sink), context, stop.Token);
            foreach (var store in stores.Concat(probeStores)) await store.InitializeAsync(context, stop.Token);

            pipelines.AddRange(sinks.Select(s => new SinkPipeline(s.Sink, s.Config, _time, logger)));
            // A destination gone for good (stdout closed by its reader) ends the run, as it ends a command-line tool.
            foreach (var pipeline in pipelines) stopWhenGone.Add(pipeline.DestinationGone.Register(static s => ((CancellationTokenSource)s!).Cancel(), stop));
            var benchRun = plan is null ? null : new BenchRun(plan, stores, config, seed, _time, logger, probeStores)
            {
                Targets = BenchTarget.Of(_catalog.Targets(config.Sinks, sinkConfigs)),
            };
            await using var liveView = benchRun is null ? null
                : BenchDashboardFeed.For(benchRun, sinks.Select(s => s.Sink), stores.Select(s => s.Name).ToList(), plan!.Config.Queries.Modes, _time, logger);
            var run = new EmitterRun(config, plan?.DrawPool ?? pool, seed, pipelines, _time, logger, benchRun, families);
            Volatile.Write(ref _run, run);
            var summary = RunMetadata.Stamp(await run.RunAsync(stop.Token), config.SourceFile);
            if (summary.Bench is { } described) summary = summary with { Bench = described with { Stores = await StoreDescriber.DescribeAsync(sinkConfigs, stores, logger, CancellationToken.None) } };

            await stderr.WriteAsync(summary.ToText());
            var outcome = summary.Sinks.Values.Any(s => s.Failed > 0) ? SinkFailureExitCode : 0;
            if (options.SummaryPath is { } path)
            {
                // Checked before the run, but the path can go away during it (its directory removed, the disk full):
                // the run's outcome is printed above, so one line says what was not written.
                try
                {
                    await SummaryFile.WriteAsync(path, summary.ToJson(), CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await stderr.WriteLineAsync($"--summary: {path}: could not be written after the run ({e.Message})");
                    return SinkFailureExitCode;
                }
                if (summary.Bench is { } results)
                {
                    BenchChart.Write(results, BenchChart.PathBeside(path), logger);
                    Report.ReportCommand.WriteBeside(path, options.ReportPath, logger);
                }
            }
            return outcome;
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
            foreach (var registration in stopWhenGone) await registration.DisposeAsync();
            // A sink whose writer is still stuck in a write the drain gave up on is left to the process exit, not disposed under it.
            foreach (var (sink, _) in sinks.Where(s => !pipelines.Any(p => p.Sink == s.Sink && p.StillWriting))) await sink.DisposeAsync();
            foreach (var store in stores.Concat(probeStores)) await store.DisposeAsync();
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The first Ctrl+C or SIGTERM stops the run gracefully: the emitters stop, the sinks drain
    /// within the grace period, the summary is printed. A second one means whoever sent it will
    /// not wait for that: print what is counted so far and exit at once.
    /// </summary>
    private Action<PosixSignalContext> OnStopSignal(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true; // the process ends here, not in the runtime's default handler
        if (Interlocked.Increment(ref _stopSignals) == 1)
        {
            stop.Cancel();
            return;
        }
        var soFar = Volatile.Read(ref _run)?.SoFar();
        stderr.Write(soFar is null
            ? "Stopped again before emission started; nothing was emitted.\n"
            : "Second stop signal: exiting now without waiting for the sinks to drain. Counted so far (entries still queued or being written are in no sink's count):\n" + soFar.ToText());
        stderr.Flush();
        Environment.Exit(128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15)); // as a shell reports death by SIGINT or SIGTERM
    };
}
