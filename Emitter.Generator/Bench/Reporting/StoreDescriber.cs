using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.PgVector;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// Each searched store's server version and the settings that govern its figures, for the summary.
/// pgvector is asked (PostgreSQL and extension versions, the table's index definitions, the server's
/// default hnsw.ef_search: the searches set their own, recorded in search_settings); each other
/// store is asked by its own client (<see cref="ISearchStore.ServerVersionAsync"/>), within 10 s.
/// </summary>
public static class StoreDescriber
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyDictionary<string, StoreDescription>> DescribeAsync(IReadOnlyList<SinkConfig> sinks, IReadOnlyList<ISearchStore> stores,
        ILogger logger, CancellationToken cancellationToken)
    {
        var described = new Dictionary<string, StoreDescription>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            var sink = sinks.First(s => s.Name == store.Name);
            var settings = store.FreshnessSettings.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(Patience);
            try
            {
                described[store.Name] = sink.Type == SinkTypes.PgVector
                    ? await PgVectorAsync(sink, settings, patience.Token).ConfigureAwait(false)
                    : await store.ServerVersionAsync(patience.Token).ConfigureAwait(false) is { } version
                        ? new StoreDescription(sink.Type, version, settings)
                        : new StoreDescription(sink.Type, null, settings, "server version not asked for this store type");
            }
            catch (OperationCanceledException) when (patience.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Store {Store}: could not be described: no answer within {Secs} s", store.Name, Patience.TotalSeconds);
                described[store.Name] = new StoreDescription(sink.Type, null, settings, $"not answered within {Patience.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning("Store {Store}: could not be described: {Reason}", store.Name, e.Message);
                described[store.Name] = new StoreDescription(sink.Type, null, settings, $"not answered: {e.Message}");
            }
        }
        return described;
    }

    private static async Task<StoreDescription> PgVectorAsync(SinkConfig sink, Dictionary<string, object?> settings, CancellationToken cancellationToken)
    {
        var options = PgVectorSinkOptions.Bind(sink.Settings);
        var connection = new NpgsqlConnectionStringBuilder(options.Server.ConnectionString) { Timeout = 5, CommandTimeout = 5 };
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT current_setting('server_version'),
                   (SELECT extversion FROM pg_extension WHERE extname = 'vector'),
                   current_setting('hnsw.ef_search', true),
                   coalesce((SELECT array_agg(indexdef ORDER BY indexname) FROM pg_indexes WHERE tablename = $1), '{}')
            """, db);
        command.Parameters.Add(new NpgsqlParameter { Value = options.TableName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        settings["table"] = options.TableName;
        settings["pgvector_version"] = reader.IsDBNull(1) ? null : reader.GetString(1);
        // A new session's value (pgvector's 40 unless the server or database sets another); the searches set the bench's ef on their own connections.
        settings["hnsw.ef_search_server_default"] = reader.IsDBNull(2) ? "40 (pgvector's default)" : reader.GetString(2);
        settings["indexes"] = reader.GetFieldValue<string[]>(3);
        return new StoreDescription(sink.Type, $"PostgreSQL {reader.GetString(0)}", settings);
    }
}
