using Emitter.Generator.Embedding;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Vector, keyword and hybrid search of a pgvector sink's table on connections of its own (the
/// sink's pool stays the writers').
/// </summary>
public sealed class PgVectorSearchStore(string name, PgVectorSinkOptions options, SearchShape? shape = null) : SearchStore(name)
{
    /// <summary>Connections the searches of one store use at most.</summary>
    public const int MaxConnections = 16;

    private readonly SearchShape _shape = shape ?? SearchShape.Default;
    private NpgsqlDataSource? _dataSource;
    private EmbeddingInfo? _embedding;

    public override IReadOnlyDictionary<string, object> FreshnessSettings { get; } = new Dictionary<string, object>
    {
        // A row is searchable when its transaction commits: one per slice of a batch, and queued
        // batches go in one write (copy mode) of up to 10,000 entries.
        ["write_mode"] = options.WriteMode.ToString().ToLowerInvariant(),
        ["parallelism"] = options.Parallelism,
        ["commit"] = options.WriteMode == PgVectorWriteMode.Copy
            ? "one transaction per slice of a write; batches queued behind a busy server go in one write of up to 10,000 entries"
            : "one statement (and transaction) per batch slice",
        ["create_indexes"] = options.CreateIndexes,
        ["search_connections"] = MaxConnections,
    };

    public override IReadOnlyDictionary<string, object> SearchSettings => new Dictionary<string, object>
    {
        // Set for every connection of the search pool at its start (the startup options), so no query runs on the server default of 40.
        ["hnsw.ef_search"] = _shape.Ef,
        ["rrf_k"] = PgVectorSearchSql.RrfK,
        ["hybrid_window"] = $"{SearchShape.WindowPerResult} x top_k per side",
        ["match"] = _shape.Match == MatchMode.Any ? "any: plainto_tsquery's lexemes ORed" : "all: plainto_tsquery",
        ["fetch"] = _shape.Fetch == FetchMode.Ids ? "ids" : $"payload: id, {PgVectorSearchSql.Payload}",
    };

    public override Task InitializeAsync(SinkContext context, CancellationToken cancellationToken)
    {
        _embedding = context.Embedding;
        // A bounded pool: when the server stalls, open-loop queries pile up; past this many they wait
        // for a connection (still timed from their scheduled time) instead of exhausting the
        // server's max_connections, which would fail the sink's writes too.
        var connection = new NpgsqlConnectionStringBuilder(options.Server.ConnectionString) { MaxPoolSize = MaxConnections };
        // hnsw.ef_search: one search width for every store; a placeholder setting until the vector extension loads, then its own.
        connection.Options = $"{connection.Options} -c hnsw.ef_search={_shape.Ef}".Trim();
        _dataSource = PgVectorDataSource.Create(connection.ConnectionString);
        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<Guid>> SearchAsync(SearchMode mode, string text, ReadOnlyMemory<float> vector, int topK, CancellationToken cancellationToken)
    {
        var dataSource = Initialized(_dataSource);
        await using var command = mode switch
        {
            SearchMode.Vector => dataSource.CreateCommand(PgVectorSearchSql.Vector(options.TableName, _shape.Fetch)),
            SearchMode.Keyword => dataSource.CreateCommand(PgVectorSearchSql.Keyword(options.TableName, _shape.Match, _shape.Fetch)),
            _ => dataSource.CreateCommand(PgVectorSearchSql.Hybrid(options.TableName, _shape.Match, _shape.Fetch)),
        };
        if (mode != SearchMode.Keyword) command.Parameters.Add(new NpgsqlParameter { Value = new Pgvector.Vector(vector) });
        if (mode != SearchMode.Vector) command.Parameters.Add(new NpgsqlParameter { Value = text });
        if (mode == SearchMode.Hybrid) command.Parameters.Add(new NpgsqlParameter { Value = (long)SearchShape.Window(topK) });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)topK });

        var ids = new List<Guid>(topK);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var values = new object[reader.FieldCount]; // a payload fetch reads (and decodes) every field, as a client would
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (values.Length > 1) reader.GetValues(values);
                ids.Add(reader.GetGuid(0));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && options.Server.Mask(e.Message) != e.Message)
        {
            throw new NpgsqlException(options.Server.Mask(e.Message), e);
        }
        return ids;
    }

    public override async Task<bool> BuildIndexesAsync(CancellationToken cancellationToken)
    {
        var embedding = Initialized(_embedding);
        await using var connection = new NpgsqlConnection(options.Server.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The sink's own schema code, with indexes this time: one definition of them.
        var problem = await PgVectorSchema.EnsureAsync(connection, options.TableName, embedding, createIndexes: true, cancellationToken, options.IndexMode).ConfigureAwait(false);
        return problem is null ? true : throw new InvalidOperationException($"table {options.TableName}: {problem}");
    }

    /// <summary>
    /// VACUUM ANALYZE. The VACUUM merges each GIN index's pending list: rows loaded while the index
    /// exists wait there (up to 4 MB) and every keyword query reads all of it, until a write crosses
    /// the limit and merges it mid-phase (measured: docs/bench-method.md, "Why keyword p50 fell when
    /// writes began"); it also sets the visibility map. The ANALYZE gives the planner the statistics
    /// a bulk-loaded table lacks until autovacuum comes.
    /// </summary>
    public override async Task<string> SettleAsync(SettleConfig settle, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Server.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"VACUUM ANALYZE {PgVectorIdentifier.Quote(options.TableName)}", connection) { CommandTimeout = (int)Math.Ceiling(settle.MaxWaitSecs) };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return "VACUUM ANALYZE";
    }

    public override async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
