using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Npgsql;
using NpgsqlTypes;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// The original's write, kept to compare against copy mode: one
/// INSERT ... SELECT FROM UNNEST(arrays) ... ON CONFLICT (id) DO NOTHING statement (one
/// implicit transaction) with every column sent as an array parameter.
/// </summary>
/// <param name="timeoutFloorSeconds">See <see cref="PgVectorWriteTimeout"/>.</param>
/// <param name="withVectors">False for index_mode keyword: the table has no embedding column.</param>
public sealed class PgVectorUnnestWriter(string table, float jitter, int timeoutFloorSeconds, bool withVectors = true) : IPgVectorSliceWriter
{
    private readonly string _sql = withVectors
        ? $"""
            INSERT INTO {PgVectorIdentifier.Quote(table)} ({PgBinaryCopyEncoder.Columns})
            SELECT * FROM UNNEST($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::vector[])
            ON CONFLICT (id) DO NOTHING
            """
        : $"""
            INSERT INTO {PgVectorIdentifier.Quote(table)} ({PgBinaryCopyEncoder.ColumnsWithoutVectors})
            SELECT * FROM UNNEST($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
            ON CONFLICT (id) DO NOTHING
            """;

    public async Task WriteAsync(NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries, CancellationToken ct)
    {
        var count = entries.Length;
        var ids = new Guid[count];
        var timestamps = new DateTime[count];
        var services = new string[count];
        var levels = new string[count];
        var messages = new string[count];
        var traceIds = new string?[count];
        var spanIds = new string?[count];
        var vectors = withVectors ? new Pgvector.Vector[count] : null;
        for (var i = 0; i < count; i++)
        {
            var entry = entries.Span[i];
            ids[i] = entry.Id;
            timestamps[i] = entry.Timestamp.UtcDateTime;
            services[i] = entry.Service;
            levels[i] = entry.Level.Name();
            messages[i] = entry.Text;
            traceIds[i] = entry.HasTrace ? TraceIds.Hex(entry.TraceId) : null;
            spanIds[i] = entry.HasTrace ? TraceIds.Hex(entry.SpanId) : null;
            if (vectors is not null) vectors[i] = new Pgvector.Vector(EmbeddingJitter.Apply(entry.Message.Vector.Span, entry.Id, jitter));
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(_sql, connection) { CommandTimeout = PgVectorWriteTimeout.Seconds(timeoutFloorSeconds, count) };
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = timestamps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = services });
        command.Parameters.Add(new NpgsqlParameter { Value = levels });
        command.Parameters.Add(new NpgsqlParameter { Value = messages });
        command.Parameters.Add(new NpgsqlParameter { Value = traceIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = spanIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        if (vectors is not null) command.Parameters.Add(new NpgsqlParameter { Value = vectors });
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (Exception e) when (PgVectorWriteTimeout.IsNpgsqlTimeout(e))
        {
            throw new PgVectorWriteTimeoutException(e);
        }
    }
}
