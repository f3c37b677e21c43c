using Emitter.AppHost;
using Emitter.Processes;

IDistributedApplicationBuilder builder;
try
{
    builder = await EmitterAppModel.CreateAsync(() => DistributedApplication.CreateBuilder(args), ProcessRunner.Instance);
}
catch (AppHostSettingException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

builder.Build().Run();
return 0;
