using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Emitter.AppHost.Topology;

/// <summary>
/// What the app host decided while composing (containers or not, what was left out), logged
/// once, when the app starts and its logger exists.
/// </summary>
public sealed class AppHostNotices
{
    private readonly List<string> _lines = [];

    public AppHostNotices(IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Emitter.AppHost");
            foreach (var line in _lines) logger.LogInformation("{Notice}", line);
            return Task.CompletedTask;
        });
    }

    public IReadOnlyList<string> Lines => _lines;

    public void Add(string line) => _lines.Add(line);
}
