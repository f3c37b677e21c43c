using Emitter.Generator.Configuration;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.Dashboard;

public sealed class DashboardSinkFactory : ISinkFactory
{
    public string Type => SinkTypes.Dashboard;

    public ILogSink Create(SinkConfig config, SinkServices services)
    {
        var options = DashboardSinkOptions.Bind(config.Settings);
        return new DashboardSink(config.Name, options.Url, options.Timeout, services.Loggers.CreateLogger("Emitter.Sinks.Dashboard"), options.Token);
    }
}
