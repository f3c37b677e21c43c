using System.Net.Sockets;
using Emitter.Generator.Batching;
using Emitter.Generator.Configuration;
using Emitter.Generator.Model;
using Emitter.Generator.Resilience;
using Emitter.Generator.Sinks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Writes batches to PostgreSQL with pgvector, exactly once: every write skips ids already
/// present, so the pipeline's retries after a dropped connection or a restarted server never
/// duplicate a row. A batch is split across <see cref="PgVectorSinkOptions.Parallelism"/>
/// connections, each slice one transaction.
/// </summary>
public sealed class PgVectorSink(
    string name, PgVectorSinkOptions options, SinkSettings settings, ILoggerFactory loggers, TimeProvider time, NpgsqlDataSource? hostedDataSource = null)
    : LogSink(name, "PgVector", loggers, time)
{
    // Below this many entries a slice is not worth its own connection.
    private const int MinSliceEntries = 256;

    // Copy mode's largest write when batches queue up: a commit per 1,000 rows costs a 1,536-d
    // load ~15% (psql pays one for the whole file); by 10,000 it is within noise. Unnest mode
    // keeps the original's one statement per batch.
    private const int CopyCoalesceEntries = 10_000;

    private NpgsqlDataSource? _dataSource;
    private IPgVectorSliceWriter[] _writers = [];
    private int _timeoutFloorSeconds;
    private readonly WriteTimeoutBudget _timeouts = RetryPolicies.WriteTimeouts();

    public override int CoalesceEntries => options.WriteMode == PgVectorWriteMode.Copy ? CopyCoalesceEntries : 0;

    public override async Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        var embedding = context.Embedding;
        var server = options.Server;
        string? problem = null;
        try
        {
            await SetupAsync($"PostgreSQL at {server}", async ct =>
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString);
                await connection.OpenAsync(ct);
                problem = await PgVectorSchema.EnsureAsync(connection, options.TableName, embedding, options.CreateIndexes, ct, options.IndexMode);
            }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is "0A000" or "58P01" && e.MessageText.Contains("vector", StringComparison.Ordinal))
        {
            throw new SinkSetupException($"Sink {Name}: PostgreSQL at {server} has no pgvector extension ({server.Mask(e.MessageText)}): install it (postgresql-NN-pgvector), or use scripts/pgvector-up.sh, which installs and starts a server with it", e);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or IOException or TimeoutException)
        {
            throw new SinkSetupException($"Sink {Name}: PostgreSQL at {server}: {server.Mask(e.Message)}: check the sink's connection settings (host, port, user, password, database)", e);
        }
        if (problem is not null)
            throw settings.Error("table_name", $"table {options.TableName} on {server} {problem}");

        if (hostedDataSource is not null)
        {
            // Registered by the app host, perhaps opened (health check) before the extension existed.
            await hostedDataSource.ReloadTypesAsync(cancellationToken);
        }
        _dataSource = hostedDataSource ?? PgVectorDataSource.Create(server.ConnectionString);
        _timeoutFloorSeconds = PgVectorWriteTimeout.FloorSeconds(_dataSource);
        var vectors = options.IndexMode.HasVectors();
        _writers = Enumerable.Range(0, options.Parallelism)
            .Select(_ => options.WriteMode == PgVectorWriteMode.Copy
                ? (IPgVectorSliceWriter)new PgVectorCopyWriter(new PgBinaryCopyEncoder(context.Pool, embedding.Jitter, vectors), options.TableName, vectors ? embedding.Dimensions : null, _timeoutFloorSeconds)
                : new PgVectorUnnestWriter(options.TableName, embedding.Jitter, _timeoutFloorSeconds, vectors))
            .ToArray();
        Logger.LogInformation("Sink {Sink}: table {Table} on {Server} ready ({Mode} mode, index_mode {IndexMode}, {Dimensions} dimensions, parallelism {Parallelism}, {Connections})",
            Name, options.TableName, server, options.WriteMode.ToString().ToLowerInvariant(), options.IndexMode.Name(), vectors ? embedding.Dimensions : 0, options.Parallelism,
            hostedDataSource is null ? "own connections" : "the app host's Aspire.Npgsql data source");
    }

    public override async Task<WriteResult> WriteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var dataSource = Initialized(_dataSource);
        var slices = Math.Clamp(batch.Count / MinSliceEntries, 1, _writers.Length);
        var transient = _timeouts.Transience(batch.Sequence, IsTransient, PgVectorWriteTimeout.IsWriteTimeout);
        var result = await PgVectorSlices.WriteAsync(_writers.AsMemory(0, slices), dataSource, batch, transient, e => Describe(e, batch.Count, slices), cancellationToken);
        _timeouts.Ended(result.TimedOut);
        return result.Result;
    }

    private string Describe(Exception e, int rows, int slices) => PgVectorWriteTimeout.IsWriteTimeout(e)
        ? $"a write of {rows} rows ({slices} slice(s)) timed out {_timeouts.Attempts} times after "
          + $"{PgVectorWriteTimeout.Seconds(_timeoutFloorSeconds, (rows + slices - 1) / slices)} s each (the connection string's Command Timeout, "
          + $"{_timeoutFloorSeconds} s, raised to {PgVectorWriteTimeout.PerRow.TotalMilliseconds:0} ms a row): {options.Server.Mask(e.Message)}"
        : options.Server.Mask(e.Message);

    protected override bool IsTransient(Exception exception) => PgVectorTransience.IsTransient(exception);

    protected override string Reason(Exception exception) => options.Server.Mask(exception.Message);

    protected override string StartHint => "start it (scripts/pgvector-up.sh starts a local one) or fix the sink's connection settings";

    public override async ValueTask DisposeAsync()
    {
        // The app host's data source belongs to the generator's host, which disposes it.
        if (_dataSource is not null && _dataSource != hostedDataSource) await _dataSource.DisposeAsync();
    }
}
