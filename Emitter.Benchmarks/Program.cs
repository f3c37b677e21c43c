using System.Diagnostics;
using BenchmarkDotNet.Running;
using Emitter.Benchmarks;
using Emitter.Benchmarks.TextIndex;

// Hot paths under BenchmarkDotNet; whole pipelines as end-to-end runs that print figures.
//   dotnet run -c Release --project Emitter.Benchmarks -- pipeline [--cores 1] [--seconds 5] [--dims 1536]
//   dotnet run -c Release --project Emitter.Benchmarks -- stdout [--entries 5000000]
//   dotnet run -c Release --project Emitter.Benchmarks -- embed [--count 2000]
//   dotnet run -c Release --project Emitter.Benchmarks -- dashboard [--rate 10000] [--seconds 10] [--clients 20]
//   dotnet run -c Release --project Emitter.Benchmarks -- page-latency [--url http://localhost:3000] [--seconds 10]
//   dotnet run -c Release --project Emitter.Benchmarks -- query-driver --cores 1 [--rate 1000] [--seconds 10] [--count 2000000]
//   dotnet run -c Release --project Emitter.Benchmarks -- pgvector [--entries 50000] [--dims 384,1536] [--hnsw both|no|yes] [--repeats 3] [--methods copy,copy-2,unnest,unnest-2,psql]
//   dotnet run -c Release --project Emitter.Benchmarks -- text-index [--rows 200000] [--dims 384] [--repeats 3] [--queries 300] [--cell-seconds 30] [--hnsw]
//   dotnet run -c Release --project Emitter.Benchmarks -- bdn [BenchmarkDotNet arguments, e.g. --filter *]
var mode = args.FirstOrDefault() ?? "help";
var options = EndToEndOptions.Parse(args.Skip(1).ToArray());
if (options.Cores is { } cores && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
{
    Process.GetCurrentProcess().ProcessorAffinity = (nint)((1L << cores) - 1);
}

switch (mode)
{
    case "pipeline":
        await PipelineBenchmark.RunAsync(options);
        break;
    case "stdout":
        await StdoutThroughput.RunAsync(options);
        break;
    case "embed":
        await EmbeddingThroughput.RunAsync(options);
        break;
    case "dashboard":
        await DashboardBenchmark.RunAsync(options with { Rate = args.Contains("--rate") ? options.Rate : 10_000, Dimensions = args.Contains("--dims") ? options.Dimensions : 384 });
        break;
    case "page-latency":
        await PageLatency.RunAsync(options);
        break;
    case "query-driver":
        await QueryDriverBenchmark.RunAsync(options with { Seconds = args.Contains("--seconds") ? options.Seconds : 10 }, args.Contains("--rate"), args.Contains("--count"));
        break;
    case "pgvector" or "text-index":
        try
        {
            await (mode == "pgvector"
                ? PgVectorBenchmark.RunAsync(PgVectorBenchmarkOptions.Parse(args.Skip(1).ToArray()))
                : TextIndexBenchmark.RunAsync(TextIndexOptions.Parse(args.Skip(1).ToArray())));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        break;
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args.Skip(1).ToArray());
        break;
    default:
        Console.WriteLine("usage: Emitter.Benchmarks pipeline|stdout|embed|dashboard|page-latency|pgvector|text-index|query-driver [--cores N] [--seconds S] [--dims D] [--entries N] [--count N] [--clients N] [--url U] | bdn [BenchmarkDotNet args]");
        return 2;
}
return 0;
