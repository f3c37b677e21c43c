using Emitter.Generator.Configuration;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator.Sinks.Dashboard;

public sealed class DashboardDescriptor : SinkDescriptor<DashboardSinkOptions>
{
    public override string Type => SinkTypes.Dashboard;

    public override InjectedSink Injected { get; } = new("services:dashboard:http:0", "url", [("Emitter:DashboardToken", "token")]);

    /// <summary>A live view must never slow the generator.</summary>
    public override OnFullPolicy DefaultOnFull => OnFullPolicy.Drop;

    public override DashboardSinkOptions Bind(SinkSettings settings) => DashboardSinkOptions.Bind(settings);

    protected override ILogSink CreateSink(SinkConfig config, DashboardSinkOptions options, SinkServices services) =>
        new DashboardSink(config.Name, options.Url, options.Timeout, services.Loggers.CreateLogger("Emitter.Sinks.Dashboard"), options.Token, options.MaxBodyBytes);
}
