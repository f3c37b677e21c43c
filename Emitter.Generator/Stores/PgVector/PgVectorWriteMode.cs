using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

public enum PgVectorWriteMode
{
    /// <summary>Binary COPY into a session staging table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING.</summary>
    Copy,

    /// <summary>The original's one INSERT ... SELECT FROM UNNEST(arrays) ON CONFLICT DO NOTHING per batch.</summary>
    Unnest,
}
