using Emitter.Generator;
using Emitter.Generator.Batching;
using Emitter.Generator.Bench;
using Emitter.Generator.Bench.Reporting;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Reporting;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores;
using Emitter.Tests.PgVector;
using Microsoft.Extensions.Logging.Abstractions;

namespace Emitter.Tests.Bench;

/// <summary>
/// A whole bench against the real PostgreSQL, wired as the program wires it (config file, sinks
/// from the catalog, search stores from theirs), with the test pool's seeded random vectors (no
/// model to load) and random query vectors.
/// </summary>
internal static class PgVectorBench
{
    public const int Dimensions = 32;

    /// <param name="table">The table the config names; null: none, so the run makes its own.</param>
    public static string Yaml(string? table, string bench, double ratePerSec = 200) =>
        "message_pool_size: 200\nbuffer_size: 200\nflush_interval_ms: 100\nseed: 7\n"
        + $"sinks:\n  - type: pgvector\n    connection_string: \"{PgVectorTestDatabase.ConnectionString}\"\n" + (table is null ? "" : $"    table_name: {table}\n")
        + $"services:\n  - name: api\n    rate_per_sec: {ratePerSec.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n"
        + "bench:\n" + bench;

    public static async Task<(RunSummary Summary, BenchRun Bench)> RunAsync(string yaml, Action<BenchRun>? watch = null)
    {
        using var file = new TempConfig(yaml);
        var config = new ConfigLoader(_ => null, _ => null, SinkCatalog.Default.Types).Load(file.Path, new ConfigOverrides());
        // As the program does: a capacity phase lasts its searches' bound for the stores searched (one here, the config's one sink).
        config = config with { Bench = config.Bench!.ForStores(config.Sinks.Count(SinkCatalog.Default.Searches)) };
        var seed = config.Seed!.Value;
        var pool = PgVectorTestPools.Build(config.MessagePoolSize, Dimensions, seed: seed);
        var plan = BenchPlan.Create(pool, config.Bench!, seed);
        var random = new Random(3);
        foreach (var query in plan.EmbeddingPool.Messages.Where(m => m.Vector.IsEmpty))
            query.Vector = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        plan.Embedded(pool.Embedding!);

        var services = new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System);
        var sinkConfigs = SinkCatalog.Default.PrepareSinks(config.Sinks, SinkCatalog.RunTarget(TimeProvider.System));
        var deferIndexes = config.Bench!.BuildIndexesAfterPreseed;
        var sinks = sinkConfigs.Select(s => (Sink: SinkCatalog.Default.Create(s, services, deferIndexes), Config: s)).ToList();
        var stores = SinkCatalog.Default.CreateSearchStores(sinkConfigs, services, config.SourceFile, deferIndexes, config.Bench.Queries.Shape);
        var probeStores = SinkCatalog.Default.CreateSearchStores(sinkConfigs, services, config.SourceFile, deferIndexes, config.Bench.Queries.Shape);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            var context = new SinkContext(plan.SinkPool, pool.Embedding!);
            foreach (var (sink, _) in sinks) await sink.InitializeAsync(context, ct);
            foreach (var store in stores.Concat(probeStores)) await store.InitializeAsync(context, ct);
            var pipelines = sinks.Select(s => new SinkPipeline(s.Sink, s.Config, TimeProvider.System, NullLogger.Instance)).ToList();
            var bench = new BenchRun(plan, stores, config, seed, TimeProvider.System, NullLogger.Instance, probeStores) { Targets = BenchTarget.Of(SinkCatalog.Default.Targets(config.Sinks, sinkConfigs)) };
            watch?.Invoke(bench);
            var summary = await new GeneratorRun(config, plan.DrawPool, seed, pipelines, TimeProvider.System, NullLogger.Instance, new BenchRunPlan(bench)).RunAsync(ct);
            return (summary, bench);
        }
        finally
        {
            foreach (var (sink, _) in sinks) await sink.DisposeAsync();
            foreach (var store in stores.Concat(probeStores)) await store.DisposeAsync();
        }
    }
}
