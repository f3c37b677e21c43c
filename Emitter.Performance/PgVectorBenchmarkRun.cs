using System.Diagnostics;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.PgVector;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Emitter.Performance;

/// <summary>
/// One measurement each: a fresh table of the sink's definition (then <paramref name="alter"/>,
/// SQL run on it before the load, if given), a checkpoint, then the timed load, checked by counting.
/// </summary>
public sealed class PgVectorBenchmarkRun(string connectionString, MessagePool pool, Batch[] batches, bool hnsw, string table = "bench_pgvector", string? alter = null)
{
    private readonly int _rows = batches.Sum(b => b.Count);

    /// <summary>The sink as the generator drives it: batches through its queue and pipeline (which may hand queued batches over together).</summary>
    public async Task<double> SinkAsync(PgVectorWriteMode mode, int parallelism)
    {
        await PrepareAsync();
        var config = Config(mode, parallelism);
        await using var sink = Sink(config);
        await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), default);
        if (alter is not null) await ExecuteAsync(alter);
        await CheckpointAsync();
        var pipeline = new SinkPipeline(sink, config, TimeProvider.System, NullLogger.Instance);
        var clock = Stopwatch.StartNew();
        pipeline.Start();
        foreach (var batch in batches) await pipeline.EnqueueAsync(batch, default);
        await pipeline.CompleteAsync(TimeSpan.FromHours(1));
        clock.Stop();
        if (pipeline.Stats.Failed > 0) throw new InvalidOperationException($"{pipeline.Stats.Failed:N0} entries failed: {pipeline.Stats.FirstError}");
        return await RowsPerSecondAsync(clock.Elapsed);
    }

    /// <summary>One COPY writer alone, on the sink's table definition, one slice after another (no queue, no pipeline).</summary>
    public async Task<double> WriterAsync(Func<string, IPgVectorSliceWriter> writer)
    {
        await PrepareAsync();
        await using (var sink = Sink(Config(PgVectorWriteMode.Copy, 1)))
        {
            await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), default); // the same table definition
        }
        await CheckpointAsync();
        await using var dataSource = PgVectorDataSource.Create(connectionString);
        var slices = writer(table);
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches) await slices.WriteAsync(dataSource, batch.Entries, default);
        clock.Stop();
        return await RowsPerSecondAsync(clock.Elapsed);
    }

    public async Task<double> PsqlAsync(string file)
    {
        await PrepareAsync();
        await using (var sink = Sink(Config(PgVectorWriteMode.Copy, 1)))
        {
            await sink.InitializeAsync(new SinkContext(pool, pool.Embedding!), default); // the same table definition
        }
        await CheckpointAsync();
        return await RowsPerSecondAsync(await PsqlBinaryCopy.RunAsync(connectionString, table, PgBinaryCopyEncoder.Columns, file));
    }

    private SinkConfig Config(PgVectorWriteMode mode, int parallelism)
    {
        var settings = SinkSettings.Of("benchmark", "pgvector", new Dictionary<string, string?>
        {
            ["connection_string"] = connectionString,
            ["table_name"] = table,
            ["create_indexes"] = hnsw ? "true" : "false",
            ["write_mode"] = mode.ToString().ToLowerInvariant(),
            ["parallelism"] = $"{parallelism}",
        });
        return new SinkConfig(SinkTypes.PgVector, "pgvector", OnFullPolicy.Block, SinkConfig.DefaultQueueCapacity, settings);
    }

    private static ILogSink Sink(SinkConfig config) =>
        new PgVectorDescriptor().CreateSink(config, new SinkServices(Stream.Null, NullLoggerFactory.Instance, TimeProvider.System));

    private Task PrepareAsync() => ExecuteAsync($"DROP TABLE IF EXISTS {table}");

    private async Task CheckpointAsync() => await ExecuteAsync("CHECKPOINT");

    private async Task<double> RowsPerSecondAsync(TimeSpan elapsed)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        var rows = (long)(await count.ExecuteScalarAsync())!;
        if (rows != _rows) throw new InvalidOperationException($"{table} has {rows:N0} rows, expected {_rows:N0}");
        return _rows / elapsed.TotalSeconds;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
