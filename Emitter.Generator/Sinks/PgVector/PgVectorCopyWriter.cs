using System.Buffers;
using Emitter.Generator.Emission;
using Npgsql;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// Binary COPY of the entries into the session's staging table, then
/// INSERT ... SELECT ... ON CONFLICT (id) DO NOTHING into the target, in one transaction:
/// a retried slice never duplicates a row, and a failed one leaves none.
/// </summary>
public sealed class PgVectorCopyWriter(PgBinaryCopyEncoder encoder, string table) : IPgVectorSliceWriter
{
    // Sent to the server in pieces of this size, so encoding overlaps the server's work.
    private const int ChunkBytes = 256 * 1024;

    private static readonly string CopySql = $"COPY {PgVectorStaging.Table} ({PgBinaryCopyEncoder.Columns}) FROM STDIN (FORMAT binary)";
    private readonly string _insertSql = $"""
        INSERT INTO {PgVectorIdentifier.Quote(table)} ({PgBinaryCopyEncoder.Columns})
        SELECT {PgBinaryCopyEncoder.Columns} FROM {PgVectorStaging.Table}
        ON CONFLICT (id) DO NOTHING
        """;
    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkBytes * 2);

    public async Task WriteAsync(NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var copy = await connection.BeginRawBinaryCopyAsync(CopySql, ct))
        {
            _buffer.ResetWrittenCount();
            PgBinaryCopyEncoder.WriteHeader(_buffer);
            for (var i = 0; i < entries.Length; i++)
            {
                encoder.WriteRow(_buffer, entries.Span[i]);
                if (_buffer.WrittenCount >= ChunkBytes) await FlushAsync(copy, ct);
            }
            PgBinaryCopyEncoder.WriteTrailer(_buffer);
            await FlushAsync(copy, ct);
        }

        await using (var insert = new NpgsqlCommand(_insertSql, connection, transaction))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private async Task FlushAsync(Stream copy, CancellationToken ct)
    {
        await copy.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
    }
}
