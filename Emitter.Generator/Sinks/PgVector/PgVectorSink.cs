using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pgvector.Npgsql;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// Writes batches to PostgreSQL with pgvector, exactly once: every write skips ids already
/// present, so the pipeline's retries after a dropped connection or a restarted server never
/// duplicate a row. A batch is split across <see cref="PgVectorSinkOptions.Parallelism"/>
/// connections, each slice one transaction.
/// </summary>
public sealed class PgVectorSink(string name, PgVectorSinkOptions options, SinkSettings settings, ILoggerFactory loggers, TimeProvider time) : ILogSink
{
    // Below this many entries a slice is not worth its own connection.
    private const int MinSliceEntries = 256;

    private readonly ILogger _logger = loggers.CreateLogger("Emitter.PgVector");
    private NpgsqlDataSource? _dataSource;
    private IPgVectorSliceWriter[] _writers = [];

    public string Name { get; } = name;

    public async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        var embedding = context.Embedding;
        var problem = await new PgVectorStartup(options.Server, Name, _logger, time)
            .RunAsync(connection => PgVectorSchema.EnsureAsync(connection, options.TableName, embedding, options.CreateIndexes, cancellationToken), cancellationToken);
        if (problem is not null)
            throw settings.Error("table_name", $"table {options.TableName} on {options.Server} {problem}");

        var builder = new NpgsqlDataSourceBuilder(options.Server.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "emitter";
        // Keep the session (staging table, settings) when a connection returns to the pool:
        // the default reset (DISCARD ALL) would drop the staging table after every batch.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.UseVector();
        var setup = PgVectorStaging.SessionSetup(embedding.Dimensions, staging: options.WriteMode == PgVectorWriteMode.Copy);
        builder.UsePhysicalConnectionInitializer(
            connection => { using var command = new NpgsqlCommand(setup, connection); command.ExecuteNonQuery(); },
            async connection => { await using var command = new NpgsqlCommand(setup, connection); await command.ExecuteNonQueryAsync(); });
        _dataSource = builder.Build();
        _writers = Enumerable.Range(0, options.Parallelism)
            .Select(_ => options.WriteMode == PgVectorWriteMode.Copy
                ? (IPgVectorSliceWriter)new PgVectorCopyWriter(new PgBinaryCopyEncoder(context.Pool, embedding.Jitter), options.TableName)
                : new PgVectorUnnestWriter(options.TableName, embedding.Jitter))
            .ToArray();
        _logger.LogInformation("Sink {Sink}: table {Table} on {Server} ready ({Mode} mode, {Dimensions} dimensions, parallelism {Parallelism})",
            Name, options.TableName, options.Server, options.WriteMode.ToString().ToLowerInvariant(), embedding.Dimensions, options.Parallelism);
    }

    public async Task WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var dataSource = _dataSource ?? throw new InvalidOperationException("InitializeAsync was not called.");
        var slices = Math.Clamp(batch.Count / MinSliceEntries, 1, _writers.Length);
        try
        {
            if (slices == 1)
            {
                await _writers[0].WriteAsync(dataSource, batch.Entries, cancellationToken);
                return;
            }
            await PgVectorSlices.WriteAsync(_writers.AsMemory(0, slices), dataSource, batch.Entries, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not PartialBatchFailureException && options.Server.Mask(e.Message) != e.Message)
        {
            throw new NpgsqlException(options.Server.Mask(e.Message), e); // keeps the inner exception for IsTransient
        }
    }

    public bool IsTransient(Exception exception) => PgVectorTransience.IsTransient(exception);

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}
