using Emitter.Generator.Stores.PgVector;

namespace Emitter.Performance.TextIndex;

/// <summary>
/// One way to index the message text, made from the sink's own table (created with
/// create_indexes: false) by <see cref="AlterSql"/>, run before the load.
/// </summary>
public sealed record TextIndexSchema(string Key, string Label, string Table, bool HasColumn, string AlterSql)
{
    public static IReadOnlyList<TextIndexSchema> All { get; } =
    [
        Of("a", "message_tsv + GIN on it (before)", hasColumn: true, PgVectorSchema.MessageTsvIndexSql),
        Of("b", "GIN on to_tsvector(message), no column", hasColumn: false,
            t => $"ALTER TABLE {PgVectorIdentifier.Quote(t)} DROP COLUMN message_tsv", PgVectorSchema.MessageExpressionIndexSql),
        Of("c", "message_tsv + both GINs", hasColumn: true, PgVectorSchema.MessageTsvIndexSql, PgVectorSchema.MessageExpressionIndexSql),
    ];

    private static TextIndexSchema Of(string key, string label, bool hasColumn, params Func<string, string>[] statements)
    {
        var table = $"bench_text_index_{key}";
        return new TextIndexSchema(key, label, table, hasColumn, string.Join(";\n", statements.Select(s => s(table))));
    }
}
