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
    private int _timeoutFloorSeconds;

    // Timeouts of the batch being written (one write at a time per sink): bounded by PgVectorWriteTimeout.Attempts.
    private Batch? _timedOutBatch;
    private int _timeouts;

    public string Name { get; } = name;

    public async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        var embedding = context.Embedding;
        var problem = await new PgVectorStartup(options.Server, Name, _logger, time)
            .RunAsync(connection => PgVectorSchema.EnsureAsync(connection, options.TableName, embedding, options.CreateIndexes, cancellationToken, options.IndexMode), cancellationToken);
        if (problem is not null)
            throw settings.Error("table_name", $"table {options.TableName} on {options.Server} {problem}");

        if (hostedDataSource is not null)
        {
            // Registered by the app host, perhaps opened (health check) before the extension existed.
            await hostedDataSource.ReloadTypesAsync(cancellationToken);
        }
        _dataSource = hostedDataSource ?? PgVectorDataSource.Create(options.Server.ConnectionString);
        _timeoutFloorSeconds = PgVectorWriteTimeout.FloorSeconds(_dataSource);
        var vectors = options.IndexMode.HasVectors();
        _writers = Enumerable.Range(0, options.Parallelism)
            .Select(_ => options.WriteMode == PgVectorWriteMode.Copy
                ? (IPgVectorSliceWriter)new PgVectorCopyWriter(new PgBinaryCopyEncoder(context.Pool, embedding.Jitter, vectors), options.TableName, vectors ? embedding.Dimensions : null, _timeoutFloorSeconds)
                : new PgVectorUnnestWriter(options.TableName, embedding.Jitter, _timeoutFloorSeconds, vectors))
            .ToArray();
        _logger.LogInformation("Sink {Sink}: table {Table} on {Server} ready ({Mode} mode, index_mode {IndexMode}, {Dimensions} dimensions, parallelism {Parallelism}, {Connections})",
            Name, options.TableName, options.Server, options.WriteMode.ToString().ToLowerInvariant(), options.IndexMode.Name(), vectors ? embedding.Dimensions : 0, options.Parallelism,
            hostedDataSource is null ? "own connections" : "the app host's Aspire.Npgsql data source");
    }

    public async Task WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var dataSource = _dataSource ?? throw new InvalidOperationException("InitializeAsync was not called.");
        var slices = Math.Clamp(batch.Count / MinSliceEntries, 1, _writers.Length);
        if (!ReferenceEquals(batch, _timedOutBatch)) (_timedOutBatch, _timeouts) = (null, 0); // the pipeline retries a batch as the same object
        // On its last allowed timeout a slice's timeout fails it for good, as any other refusal would.
        var lastTry = _timeouts >= PgVectorWriteTimeout.Attempts - 1;
        try
        {
            if (slices == 1)
            {
                await _writers[0].WriteAsync(dataSource, batch.Entries, cancellationToken);
                return;
            }
            await PgVectorSlices.WriteAsync(_writers.AsMemory(0, slices), dataSource, batch.Entries,
                e => IsTransient(e) && !(lastTry && PgVectorWriteTimeout.IsWriteTimeout(e)), e => Describe(e, batch.Count, slices), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && PgVectorWriteTimeout.IsWriteTimeout(e))
        {
            (_timedOutBatch, _timeouts) = (batch, _timeouts + 1);
            if (lastTry) throw new NpgsqlException(Describe(e, batch.Count, slices)); // no inner exception: not transient
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException and not PartialBatchFailureException && options.Server.Mask(e.Message) != e.Message)
        {
            throw new NpgsqlException(options.Server.Mask(e.Message), e); // keeps the inner exception for IsTransient
        }
    }

    private string Describe(Exception e, int rows, int slices) => PgVectorWriteTimeout.IsWriteTimeout(e)
        ? $"a write of {rows} rows ({slices} slice(s)) timed out {PgVectorWriteTimeout.Attempts} times after "
          + $"{PgVectorWriteTimeout.Seconds(_timeoutFloorSeconds, (rows + slices - 1) / slices)} s each (the connection string's Command Timeout, "
          + $"{_timeoutFloorSeconds} s, raised to {PgVectorWriteTimeout.PerRow.TotalMilliseconds:0} ms a row): {options.Server.Mask(e.Message)}"
        : options.Server.Mask(e.Message);

    public bool IsTransient(Exception exception) => PgVectorTransience.IsTransient(exception);

    public int CoalesceEntries => options.WriteMode == PgVectorWriteMode.Copy ? CopyCoalesceEntries : 0;

    public async ValueTask DisposeAsync()
    {
        // The app host's data source belongs to the generator's host, which disposes it.
        if (_dataSource is not null && _dataSource != hostedDataSource) await _dataSource.DisposeAsync();
    }
}
