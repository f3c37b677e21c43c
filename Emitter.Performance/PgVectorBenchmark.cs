using System.Buffers;
using System.Globalization;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Model;
using Emitter.Generator.Pool;
using Emitter.Generator.Stores.PgVector;

namespace Emitter.Performance;

/// <summary>
/// The pgvector sink's rows/s in copy and unnest mode against the limit measured in the same
/// run (psql's binary \copy of the same rows from a file into the same table definition), at
/// 384 and 1,536 dimensions, without and with the HNSW index (and the GIN index) present.
/// </summary>
public static class PgVectorBenchmark
{
    public static async Task RunAsync(PgVectorBenchmarkOptions options)
    {
        var connectionString = await PgVectorServerLocator.ConnectionStringAsync();
        Console.WriteLine($"pgvector benchmark: {options.Entries:N0} rows in batches of {options.BatchSize:N0}, median of {options.Repeats} (HNSW: 1)");
        foreach (var dimensions in options.Dimensions)
        {
            var pool = BenchmarkPools.Create(2_000, dimensions);
            var batches = Batches(pool, options.Entries, options.BatchSize);
            var file = Path.Combine(Path.GetTempPath(), $"emitter-bench-{dimensions}.pgcopy");
            await WriteCopyFileAsync(pool, batches, file);
            try
            {
                foreach (var hnsw in options.Indexes)
                {
                    var run = new PgVectorBenchmarkRun(connectionString, pool, batches, hnsw);
                    // Round by round, each method once per round: a busy machine slows all of them alike.
                    var measures = Methods(run, pool, file).Where(m => options.Methods is not { } only || only.Contains(m.Name)).ToArray();
                    var results = measures.ToDictionary(m => m.Name, _ => new List<double>());
                    for (var round = 0; round < (hnsw ? 1 : options.Repeats); round++)
                    {
                        foreach (var (name, _, measure) in measures) results[name].Add(await measure());
                    }
                    Print(dimensions, hnsw, measures.Select(m => (m.Name, m.Label, Median(results[m.Name]))).ToArray());
                }
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>What --methods accepts.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = Methods(null!, null!, "").Select(m => m.Name).ToArray();

    private static (string Name, string Label, Func<Task<double>> Measure)[] Methods(PgVectorBenchmarkRun run, MessagePool pool, string file) =>
    [
        ("copy", "sink copy", () => run.SinkAsync(PgVectorWriteMode.Copy, 1)),
        ("copy-2", "sink copy, parallel 2", () => run.SinkAsync(PgVectorWriteMode.Copy, 2)),
        ("unnest", "sink unnest", () => run.SinkAsync(PgVectorWriteMode.Unnest, 1)),
        ("unnest-2", "sink unnest, parallel 2", () => run.SinkAsync(PgVectorWriteMode.Unnest, 2)),
        // The COPY writers alone, slice after slice: the sink's hand-written encoder against Npgsql's importer.
        ("copy-encoder", "copy writer, own encoder", () => run.WriterAsync(table => new PgVectorCopyWriter(new PgBinaryCopyEncoder(pool, pool.Embedding!.Jitter), table, pool.Embedding.Dimensions, 0))),
        ("copy-npgsql", "copy writer, Npgsql import", () => run.WriterAsync(table => new NpgsqlImportWriter(table, pool.Embedding!.Jitter))),
        ("psql", "psql \\copy binary (the limit)", () => run.PsqlAsync(file)),
    ];

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Only what ran; a ratio only where both of its methods ran.</summary>
    private static void Print(int dimensions, bool hnsw, (string Name, string Label, double RowsPerSecond)[] ran)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{dimensions} dimensions, {(hnsw ? "HNSW and GIN indexes present" : "no HNSW (primary key only, create_indexes: false)")}:");
        foreach (var (_, label, rate) in ran) Console.WriteLine(string.Create(c, $"  {label,-30} {rate,10:N0} rows/s"));
        var rates = ran.ToDictionary(r => r.Name, r => r.RowsPerSecond);
        void Ratio(string format, string a, string b)
        {
            if (rates.TryGetValue(a, out var x) && rates.TryGetValue(b, out var y)) Console.WriteLine(string.Create(c, $"  {a} / {b} {string.Format(c, format, x / y)}"));
        }
        Ratio("{0:0.00}x", "copy", "unnest");
        Ratio("{0:0.00}x", "copy-2", "unnest-2");
        Ratio("{0:0.00}x", "copy-encoder", "copy-npgsql");
        Ratio("{0:P0}", "copy", "psql");
        Ratio("{0:P0}", "copy-2", "psql");
    }

    internal static Batch[] Batches(MessagePool pool, int count, int batchSize)
    {
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, count).Select(i =>
        {
            var message = pool.Messages[(int)((uint)(i * 2654435761u) % (uint)pool.Messages.Count)];
            return new LogEntry(Guid.CreateVersion7(), now.AddMilliseconds(i), $"service-{i % 8}", message.Level, message);
        }).ToArray();
        return entries.Chunk(batchSize).Select((chunk, i) => new Batch(chunk, chunk.Length, i + 1, now)).ToArray();
    }

    /// <summary>The same rows, the same bytes the sink streams, as one COPY file.</summary>
    private static async Task WriteCopyFileAsync(MessagePool pool, Batch[] batches, string file)
    {
        var encoder = new PgBinaryCopyEncoder(pool, pool.Embedding!.Jitter);
        var buffer = new ArrayBufferWriter<byte>(1 << 22);
        await using var output = File.Create(file);
        PgBinaryCopyEncoder.WriteHeader(buffer);
        foreach (var batch in batches)
        {
            foreach (ref readonly var entry in batch.Entries.Span) encoder.WriteRow(buffer, entry);
            await output.WriteAsync(buffer.WrittenMemory);
            buffer.ResetWrittenCount();
        }
        PgBinaryCopyEncoder.WriteTrailer(buffer);
        await output.WriteAsync(buffer.WrittenMemory);
    }
}
