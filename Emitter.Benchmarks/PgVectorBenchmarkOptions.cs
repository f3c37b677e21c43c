using System.Globalization;

namespace Emitter.Benchmarks;

/// <summary>pgvector mode: --entries 50000 --batch 1000 --dims 384,1536 --repeats 3 --hnsw both|no|yes --methods copy,copy-2,unnest,unnest-2,psql</summary>
public sealed record PgVectorBenchmarkOptions(int Entries, int BatchSize, int[] Dimensions, int Repeats, bool[] Indexes, string[]? Methods)
{
    public static PgVectorBenchmarkOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new PgVectorBenchmarkOptions(
            Number("--entries", 50_000),
            Number("--batch", 1_000),
            (Value("--dims") ?? "384,1536").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray(),
            Number("--repeats", 3),
            (Value("--hnsw") ?? "both") switch
            {
                "no" => [false],
                "yes" => [true],
                _ => [false, true],
            },
            Value("--methods")?.Split(','));
    }
}
