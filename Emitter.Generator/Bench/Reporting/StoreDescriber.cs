using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Emitter.Generator.Stores.PgVector;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emitter.Generator.Bench.Reporting;

/// <summary>
/// Each searched store's server version and the settings that govern its figures, for the summary.
/// pgvector is asked (PostgreSQL and extension versions, the table's index definitions, hnsw.ef_search);
/// the other stores report the settings the bench recorded, their server version not yet asked.
/// </summary>
public static class StoreDescriber
{
    public static async Task<IReadOnlyDictionary<string, StoreDescription>> DescribeAsync(IReadOnlyList<SinkConfig> sinks, IReadOnlyList<ISearchStore> stores,
        ILogger logger, CancellationToken cancellationToken)
    {
        var described = new Dictionary<string, StoreDescription>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            var sink = sinks.First(s => s.Name == store.Name);
            var settings = store.FreshnessSettings.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
            try
            {
                described[store.Name] = sink.Type == SinkTypes.PgVector
                    ? await PgVectorAsync(sink, settings, cancellationToken).ConfigureAwait(false)
                    : new StoreDescription(sink.Type, null, settings, "server version not asked yet for this store type");
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
        // pgvector's default (40) when the session has not set it.
        settings["hnsw.ef_search"] = reader.IsDBNull(2) ? "40 (default)" : reader.GetString(2);
        settings["indexes"] = reader.GetFieldValue<string[]>(3);
        return new StoreDescription(sink.Type, $"PostgreSQL {reader.GetString(0)}", settings);
    }
}
