using System.Buffers;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Copy mode, one transaction per slice. Direct path: binary COPY of the entries straight into
/// the target behind a savepoint, so a fresh slice (the normal case) is written once. Fallback:
/// if that COPY hits an id already present (23505: a retried slice whose first attempt did
/// commit), roll back to the savepoint, COPY into the session's staging table and
/// INSERT ... SELECT ... ON CONFLICT (id) DO NOTHING. Either way a retried slice never
/// duplicates a row, and a failed one leaves none.
/// </summary>
/// <param name="timeoutFloorSeconds">See <see cref="PgVectorWriteTimeout"/>.</param>
/// <param name="dimensions">The table's vector size; null when it has no embedding column.</param>
public sealed class PgVectorCopyWriter(PgBinaryCopyEncoder encoder, string table, int? dimensions, int timeoutFloorSeconds) : IPgVectorSliceWriter
{
    // Sent to the server in pieces of this size, so encoding overlaps the server's work.
    private const int ChunkBytes = 256 * 1024;
    private const string Savepoint = "direct_copy";
    private const string UniqueViolation = "23505";

    private readonly string _directCopySql = $"COPY {PgVectorIdentifier.Quote(table)} ({encoder.ColumnList}) FROM STDIN (FORMAT binary)";
    private readonly string _createStagingSql = PgVectorStaging.CreateSql(dimensions);
    private readonly string _stagingCopySql = $"COPY {PgVectorStaging.Table} ({encoder.ColumnList}) FROM STDIN (FORMAT binary)";
    private readonly string _insertSql = $"""
        INSERT INTO {PgVectorIdentifier.Quote(table)} ({encoder.ColumnList})
        SELECT {encoder.ColumnList} FROM {PgVectorStaging.Table}
        ON CONFLICT (id) DO NOTHING
        """;
    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkBytes * 2);

    public async Task WriteAsync(NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await WriteAsync(connection, entries, PgVectorWriteTimeout.Seconds(timeoutFloorSeconds, entries.Length), ct);
        }
        catch (Exception e) when (PgVectorWriteTimeout.IsNpgsqlTimeout(e))
        {
            throw new PgVectorWriteTimeoutException(e);
        }
    }

    private async Task WriteAsync(NpgsqlConnection connection, ReadOnlyMemory<LogEntry> entries, int timeout, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await transaction.SaveAsync(Savepoint, ct);
        try
        {
            await CopyAsync(connection, _directCopySql, entries, timeout, ct);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            // Some ids are in already: the staging path skips them and writes the rest.
            await transaction.RollbackAsync(Savepoint, ct);
            await using (var create = new NpgsqlCommand(_createStagingSql, connection, transaction) { CommandTimeout = timeout })
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            await CopyAsync(connection, _stagingCopySql, entries, timeout, ct);
            await using var insert = new NpgsqlCommand(_insertSql, connection, transaction) { CommandTimeout = timeout };
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private async Task CopyAsync(NpgsqlConnection connection, string sql, ReadOnlyMemory<LogEntry> entries, int timeoutSeconds, CancellationToken ct)
    {
        await using var copy = await connection.BeginRawBinaryCopyAsync(sql, ct);
        // The server's work shows as writes that block and as the wait for COPY's completion.
        copy.WriteTimeout = copy.ReadTimeout = timeoutSeconds == 0 ? Timeout.Infinite : timeoutSeconds * 1000;
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

    private async Task FlushAsync(Stream copy, CancellationToken ct)
    {
        await copy.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
    }
}
