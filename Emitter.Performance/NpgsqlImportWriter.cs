using Emitter.Generator.Embedding;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Stores.PgVector;
using Npgsql;
using NpgsqlTypes;

namespace Emitter.Performance;

/// <summary>
/// The alternative to the sink's hand-written COPY encoder: Npgsql's BeginBinaryImportAsync,
/// writing the same rows (same columns, same jittered vectors through Pgvector's type) into the
/// same table, one transaction per slice like the sink's direct path.
/// </summary>
public sealed class NpgsqlImportWriter(string table, float jitter) : IPgVectorSliceWriter
{
    private readonly string _copySql = $"COPY {PgVectorIdentifier.Quote(table)} ({PgBinaryCopyEncoder.Columns}) FROM STDIN (FORMAT binary)";
    private float[] _vector = [];

    public async Task WriteAsync(NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var import = await connection.BeginBinaryImportAsync(_copySql, ct))
        {
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries.Span[i];
                var source = entry.Message.Vector;
                if (_vector.Length != source.Length) _vector = new float[source.Length];
                EmbeddingJitter.Apply(source.Span, entry.Id, jitter, _vector);

                await import.StartRowAsync(ct);
                await import.WriteAsync(entry.Id, NpgsqlDbType.Uuid, ct);
                await import.WriteAsync(entry.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await import.WriteAsync(entry.Service, NpgsqlDbType.Text, ct);
                await import.WriteAsync(entry.Level.Name(), NpgsqlDbType.Text, ct);
                await import.WriteAsync(entry.Message.Text, NpgsqlDbType.Text, ct);
                if (entry.HasTrace)
                {
                    await import.WriteAsync(TraceIds.Hex(entry.TraceId), NpgsqlDbType.Text, ct);
                    await import.WriteAsync(TraceIds.Hex(entry.SpanId), NpgsqlDbType.Text, ct);
                }
                else
                {
                    await import.WriteNullAsync(ct);
                    await import.WriteNullAsync(ct);
                }
                // Serialised by the time the write returns, so the one array is reused.
                await import.WriteAsync(new Pgvector.Vector(_vector), ct);
            }
            await import.CompleteAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}
