using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>Reads an existing table's columns, vector size, comment, unique key on id and whether it has rows (null: no such table).</summary>
public static class PgVectorTableReader
{
    private const string Sql = """
        SELECT obj_description(c.oid, 'pg_class'),
               (SELECT CASE WHEN a.atttypid = 'vector'::regtype AND a.atttypmod > 0 THEN a.atttypmod END
                  FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'embedding' AND NOT a.attisdropped),
               ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
               -- what ON CONFLICT (id) and a failing duplicate COPY need: a whole, immediate, valid unique index on id alone
               EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                        WHERE i.indrelid = c.oid AND i.indisunique AND i.indimmediate AND i.indisvalid AND i.indnkeyatts = 1
                          AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = 'id')
          FROM pg_class c WHERE c.oid = to_regclass($1)
        """;

    public static async Task<PgVectorTableState?> ReadAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        var quoted = PgVectorIdentifier.Quote(table);
        string? comment;
        int? dimensions;
        string[] columns;
        bool idIsUnique;
        await using (var command = new NpgsqlCommand(Sql, connection) { Parameters = { new() { Value = quoted } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return null;
            comment = reader.IsDBNull(0) ? null : reader.GetString(0);
            dimensions = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            columns = reader.GetFieldValue<string[]>(2);
            idIsUnique = reader.GetBoolean(3);
        }

        await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {quoted})", connection);
        var hasRows = (bool)(await any.ExecuteScalarAsync(ct))!;
        return new PgVectorTableState(dimensions, PgVectorTableComment.Parse(comment), columns, hasRows, idIsUnique);
    }
}
