using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Writes some entries in one transaction on a connection of its own, skipping ids already in
/// the table, so writing the same entries twice leaves them once. One instance per parallel
/// slice: writers keep buffers and are not shared between concurrent writes.
/// </summary>
public interface IPgVectorSliceWriter
{
    Task WriteAsync(NpgsqlDataSource dataSource, ReadOnlyMemory<LogEntry> entries, CancellationToken ct);
}
