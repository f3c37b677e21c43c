namespace Emitter.Performance.TextIndex;

/// <summary>text-index mode: --rows 200000 --dims 384 --batch 1000 --repeats 3 --queries 300 --cell-seconds 30 [--hnsw]</summary>
public sealed record TextIndexOptions(int Rows, int Dimensions, int BatchSize, int Repeats, int Queries, double CellSeconds, bool Hnsw);
