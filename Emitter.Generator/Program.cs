using Emitter.Generator;

return await GeneratorCommand.InvokeAsync(args, Console.OpenStandardOutput(), Console.Error);
