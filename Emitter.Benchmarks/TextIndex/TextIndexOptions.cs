using System.Globalization;

namespace Emitter.Benchmarks.TextIndex;

/// <summary>text-index mode: --rows 200000 --dims 384 --batch 1000 --repeats 3 --queries 300 --cell-seconds 30 [--hnsw]</summary>
public sealed record TextIndexOptions(int Rows, int Dimensions, int BatchSize, int Repeats, int Queries, double CellSeconds, bool Hnsw)
{
    public static TextIndexOptions Parse(string[] args)
    {
        double Number(string name, double fallback)
        {
            var i = Array.IndexOf(args, name);
            if (i < 0) return fallback;
            return i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ArgumentException($"{name}: expected a positive number");
        }

        return new TextIndexOptions(
            (int)Number("--rows", 200_000),
            (int)Number("--dims", 384),
            (int)Number("--batch", 1_000),
            (int)Number("--repeats", 3),
            (int)Number("--queries", 300),
            Number("--cell-seconds", 30),
            args.Contains("--hnsw"));
    }
}
