using Emitter.Generator;
using Emitter.Generator.Sinks;

// Not the console's stream: see StandardOutput (a closed reader must be seen, a blocked one must not silence stderr).
await using var stdout = OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : new StandardOutput();
return await GeneratorCommand.InvokeAsync(args, stdout, Console.Error);
