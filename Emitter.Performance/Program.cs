using Emitter.Performance;

// Hot paths under BenchmarkDotNet; whole pipelines as end-to-end runs that print figures.
//   dotnet run -c Release --project Emitter.Performance -- pipeline [--cores 1] [--seconds 5] [--dims 1536]
//   dotnet run -c Release --project Emitter.Performance -- stdout [--entries 5000000]
//   dotnet run -c Release --project Emitter.Performance -- otlp-encode --cores 1 [--entries 2000000]
//   dotnet run -c Release --project Emitter.Performance -- otlp [--seconds 5]
//   dotnet run -c Release --project Emitter.Performance -- embed [--count 2000]
//   dotnet run -c Release --project Emitter.Performance -- dashboard [--rate 10000] [--seconds 10] [--clients 20]
//   dotnet run -c Release --project Emitter.Performance -- page-latency [--url http://localhost:3000] [--seconds 10]
//   dotnet run -c Release --project Emitter.Performance -- query-driver --cores 1 [--rate 1000] [--seconds 10] [--count 2000000]
//   dotnet run -c Release --project Emitter.Performance -- pgvector [--entries 50000] [--dims 384,1536] [--hnsw both|no|yes] [--repeats 3] [--methods copy,copy-2,unnest,unnest-2,copy-encoder,copy-npgsql,psql]
//   dotnet run -c Release --project Emitter.Performance -- text-index [--rows 200000] [--dims 384] [--repeats 3] [--queries 300] [--cell-seconds 30] [--hnsw]
//   dotnet run -c Release --project Emitter.Performance -- bdn [BenchmarkDotNet arguments, e.g. --filter *]
// Each mode's --help lists its options and defaults.
return await BenchmarkCommand.InvokeAsync(args);
