using Emitter.Generator.Configuration;

namespace Emitter.Generator.Sinks.PgVector;

/// <param name="Server">Where to write; its password never appears in a message.</param>
/// <param name="TableName">A plain identifier, already folded to lower case.</param>
/// <param name="IndexMode">Keyword: no embedding column or HNSW index; vector: no tsvector column or GIN indexes.</param>
/// <param name="Parallelism">Connections one batch is split across (each slice its own transaction).</param>
public sealed record PgVectorSinkOptions(
    PgVectorServer Server,
    string TableName,
    bool CreateIndexes,
    PgVectorWriteMode WriteMode,
    int Parallelism,
    IndexMode IndexMode = IndexMode.Hybrid)
{
    public const string DefaultTableName = "logs";
}
