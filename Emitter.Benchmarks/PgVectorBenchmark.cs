using System.Buffers;
using System.Globalization;
using Emitter.Generator.Batching;
using Emitter.Generator.Emission;
using Emitter.Generator.Pool;
using Emitter.Generator.Sinks.PgVector;

namespace Emitter.Benchmarks;

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
                    var measures = new (string Name, Func<Task<double>> Measure)[]
                    {
                        ("copy", () => run.SinkAsync(PgVectorWriteMode.Copy, 1)),
                        ("copy-2", () => run.SinkAsync(PgVectorWriteMode.Copy, 2)),
                        ("unnest", () => run.SinkAsync(PgVectorWriteMode.Unnest, 1)),
                        ("unnest-2", () => run.SinkAsync(PgVectorWriteMode.Unnest, 2)),
                        ("psql", () => run.PsqlAsync(file)),
                    };
                    if (options.Methods is { } only)
                    {
                        if (only.Except(measures.Select(m => m.Name)).FirstOrDefault() is { } unknown)
                            throw new ArgumentException($"--methods: unknown method '{unknown}' (expected {string.Join(", ", measures.Select(m => m.Name))})");
                        measures = measures.Where(m => only.Contains(m.Name)).ToArray();
                    }
                    var results = measures.ToDictionary(m => m.Name, _ => new List<double>());
                    for (var round = 0; round < (hnsw ? 1 : options.Repeats); round++)
                    {
                        foreach (var (name, measure) in measures) results[name].Add(await measure());
                    }
                    double Median(string name) => results.TryGetValue(name, out var r) && r.Count > 0 ? r.Order().ElementAt(r.Count / 2) : double.NaN;
                    Print(dimensions, hnsw, Median("copy"), Median("copy-2"), Median("unnest"), Median("unnest-2"), Median("psql"));
                }
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    private static void Print(int dimensions, bool hnsw, double copy, double parallel, double unnest, double unnestParallel, double psql) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {dimensions} dimensions, {(hnsw ? "HNSW and GIN indexes present" : "no HNSW (primary key only, create_indexes: false)")}:
              sink copy               {copy,10:N0} rows/s
              sink copy, parallel 2   {parallel,10:N0} rows/s
              sink unnest             {unnest,10:N0} rows/s
              sink unnest, parallel 2 {unnestParallel,10:N0} rows/s
              psql \copy binary       {psql,10:N0} rows/s   (the limit)
              copy / unnest {copy / unnest:0.00}x, parallel 2: copy / unnest {parallel / unnestParallel:0.00}x
              copy / psql {copy / psql:P0}, parallel copy / psql {parallel / psql:P0}
            """));

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
