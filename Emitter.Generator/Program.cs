using Emitter.Generator;
using Emitter.Generator.Configuration;

var parse = GeneratorCommand.Create(Console.OpenStandardOutput(), Console.Error).Parse(args);
if (parse.Errors.Count > 0)
{
    // A bad command line is bad input like a bad config: one message each, exit 2.
    foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine("Try 'emitter --help'.");
    return ConfigException.ExitCode;
}
return await parse.RunAsync();
