using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>What an existing table says about itself: its embedding column and the model recorded in its comment.</summary>
/// <param name="Dimensions">vector(N)'s N; null when the table has no embedding column of type vector.</param>
/// <param name="Recorded">The embedding recorded by Emitter in the table comment; null when there is none.</param>
/// <param name="IdIsUnique">Whether a primary key or unique index covers id alone (exactly-once rests on it).</param>
public sealed record PgVectorTableState(int? Dimensions, PgVectorTableComment? Recorded, IReadOnlyList<string> Columns, bool HasRows, bool IdIsUnique);
