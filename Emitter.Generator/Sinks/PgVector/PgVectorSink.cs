using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// Writes batches to PostgreSQL with pgvector, exactly once: every write skips ids already
/// present, so the pipeline's retries after a dropped connection or a restarted server never
/// duplicate a row. A batch is split across <see cref="PgVectorSinkOptions.Parallelism"/>
/// connections, each slice one transaction.
/// </summary>
public sealed class PgVectorSink(
    string name, PgVectorSinkOptions options, SinkSettings settings, ILoggerFactory loggers, TimeProvider time, NpgsqlDataSource? hostedDataSource = null) : ILogSink
{
    // Below this many entries a slice is not worth its own connection.
    private const int MinSliceEntries = 256;

    // Copy mode's largest write when batches queue up: a commit per 1,000 rows costs a 1,536-d
    // load ~15% (psql pays one for the whole file); by 10,000 it is within noise. Unnest mode
    // keeps the original's one statement per batch.
    private const int CopyCoalesceEntries = 10_000;

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

        if (hostedDataSource is not null)
        {
            // Registered by the app host, perhaps opened (health check) before the extension existed.
            await hostedDataSource.ReloadTypesAsync(cancellationToken);
        }
        _dataSource = hostedDataSource ?? PgVectorDataSource.Create(options.Server.ConnectionString);
        _writers = Enumerable.Range(0, options.Parallelism)
            .Select(_ => options.WriteMode == PgVectorWriteMode.Copy
                ? (IPgVectorSliceWriter)new PgVectorCopyWriter(new PgBinaryCopyEncoder(context.Pool, embedding.Jitter), options.TableName, embedding.Dimensions)
                : new PgVectorUnnestWriter(options.TableName, embedding.Jitter))
            .ToArray();
        _logger.LogInformation("Sink {Sink}: table {Table} on {Server} ready ({Mode} mode, {Dimensions} dimensions, parallelism {Parallelism}, {Connections})",
            Name, options.TableName, options.Server, options.WriteMode.ToString().ToLowerInvariant(), embedding.Dimensions, options.Parallelism,
            hostedDataSource is null ? "own connections" : "the app host's Aspire.Npgsql data source");
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

    public int CoalesceEntries => options.WriteMode == PgVectorWriteMode.Copy ? CopyCoalesceEntries : 0;

    public async ValueTask DisposeAsync()
    {
        // The app host's data source belongs to the generator's host, which disposes it.
        if (_dataSource is not null && _dataSource != hostedDataSource) await _dataSource.DisposeAsync();
    }
}
