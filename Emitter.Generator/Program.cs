using Emitter.Generator;
using Emitter.Generator.Sinks;
using Emitter.Generator.Sinks.Stdout;

// Not the console's stream: see StandardOutput (a closed reader must be seen, a blocked one must not silence stderr).
await using var stdout = OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : new StandardOutput();
return await GeneratorCommand.InvokeAsync(args, stdout, Console.Error);
