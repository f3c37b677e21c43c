namespace Emitter.Performance;

/// <summary>pgvector mode: --entries 50000 --batch 1000 --dims 384,1536 --repeats 3 --hnsw both|no|yes --methods copy,copy-2,unnest,unnest-2,copy-encoder,copy-npgsql,psql</summary>
public sealed record PgVectorBenchmarkOptions(int Entries, int BatchSize, int[] Dimensions, int Repeats, bool[] Indexes, string[]? Methods);
