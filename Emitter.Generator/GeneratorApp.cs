using System.Runtime.InteropServices;
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
/// input), prepare the sinks, build and embed the pool, start the sinks, run, drain, summarize.
/// What a bench adds to each stage is its <see cref="RunKind"/>'s.
/// </summary>
/// <param name="catalog">The sink types this run can make; <see cref="SinkCatalog.Default"/> unless a test brings its own.</param>
public sealed class GeneratorApp(Stream stdout, TextWriter stderr, TimeProvider? time = null, SinkCatalog? catalog = null)
{
    public const int SinkFailureExitCode = 1;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SinkCatalog _catalog = catalog ?? SinkCatalog.Default;
    private int _stopSignals;
    private GeneratorRun? _run;

    public async Task<int> RunAsync(GeneratorOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal(stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal(stop));

        using var host = GeneratorHost.Build(stderr, _time, Environment.GetEnvironmentVariable);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Emitter");
        await using var sinks = new RunSinks(_time, logger);
        RunKind? kind = null;
        try
        {
            var config = LoadConfig(options, host, logger);
            var services = new SinkServices(stdout, host.Services.GetRequiredService<ILoggerFactory>(), _time, host.Services) { EmbeddingDimensions = config.Embedding.Dimensions, Shard = config.Shard };
            kind = RunKind.For(config, _catalog, _time);
            sinks.Create(_catalog, kind, services);

            await host.StartAsync(stop.Token);
            var seed = config.Seed ?? (ulong)Random.Shared.NextInt64();
            var (pool, families) = BuildPool(config, seed);
            var embedded = await EmbedAsync(config, kind, kind.Plan(pool, families, seed), logger, stop.Token);
            var (sinkPool, drawPool) = kind.Embedded(embedded, pool, families);

            await sinks.StartAsync(kind, new SinkContext(sinkPool, embedded.Embedding!), stop, stop.Token);
            var summary = await RunEmittersAsync(config, kind, drawPool, families, seed, sinks, logger, stop.Token);
            return await SummarizeAsync(summary, kind, options, logger);
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
            await sinks.DisposeAsync();
            if (kind is not null) await kind.DisposeAsync();
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The config, validated in full before anything connects (a <see cref="ConfigException"/> otherwise).</summary>
    private EmitterConfig LoadConfig(GeneratorOptions options, IHost host, ILogger logger)
    {
        var loader = new ConfigLoader(Environment.GetEnvironmentVariable, key => host.Services.GetRequiredService<IConfiguration>()[key], _catalog.Types);
        var config = loader.Load(options.ConfigPath, options.Overrides);
        foreach (var notice in loader.Notices) logger.LogWarning("{Notice}", notice);
        return config;
    }

    /// <summary>The pool from the seed, and the incidents' own messages beside it.</summary>
    private static (MessagePool Pool, IncidentFamilies Families) BuildPool(EmitterConfig config, ulong seed)
    {
        var pool = config.PoolLayout.Build(config.MessagePoolSize, seed);
        return (pool, IncidentFamilies.Create(IncidentConfig.Affected(config.Incidents), pool, seed));
    }

    /// <summary>The planned pool embedded: vectors for every message the run writes or asks with when a sink writes vectors; no model is loaded otherwise.</summary>
    private async Task<MessagePool> EmbedAsync(EmitterConfig config, RunKind kind, MessagePool planned, ILogger logger, CancellationToken stop)
    {
        if (_catalog.NeedsVectors(kind.Sinks)) return await PoolEmbedding.EmbedAsync(config.Embedding, planned, logger, stop, _time);

        // logstorm 0.3 skips the embedding the same way: no model load, no API call.
        logger.LogInformation("Embedding: {Reason}; the pool is not embedded", _catalog.EmbeddingNoneReason(config.Sinks));
        return planned.WithEmbedding(EmbeddingInfo.None);
    }

    /// <summary>The emitters and whatever the run kind runs around them, from the first entry to the drained sinks.</summary>
    private async Task<RunSummary> RunEmittersAsync(EmitterConfig config, RunKind kind, MessagePool drawPool, IncidentFamilies families, ulong seed,
        RunSinks sinks, ILogger logger, CancellationToken stop)
    {
        var (plan, watcher) = kind.RunPlan(seed, sinks.Sinks, logger);
        await using var liveView = watcher;
        var run = new GeneratorRun(config, drawPool, seed, sinks.Pipelines, _time, logger, plan, families);
        Volatile.Write(ref _run, run);
        return RunMetadata.Stamp(await run.RunAsync(stop), config.SourceFile);
    }

    /// <summary>The summary on stderr and, when asked, in its file (and the run kind's files beside it); the exit code.</summary>
    private async Task<int> SummarizeAsync(RunSummary summary, RunKind kind, GeneratorOptions options, ILogger logger)
    {
        summary = await kind.DescribeAsync(summary, logger);
        await stderr.WriteAsync(summary.ToText());
        var outcome = summary.Sinks.Values.Any(s => s.Failed > 0) ? SinkFailureExitCode : 0;
        if (options.SummaryPath is not { } path) return outcome;

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
        kind.WriteBeside(path, options.ReportPath, summary, logger);
        return outcome;
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
