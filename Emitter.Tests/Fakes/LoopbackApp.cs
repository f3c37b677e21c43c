using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Emitter.Tests.Fakes;

/// <summary>The one way the test servers (fakes, collector) start: Kestrel on 127.0.0.1, a free port (or a given one, to come back on), no logging.</summary>
public static class LoopbackApp
{
    public static WebApplicationBuilder CreateBuilder(Action<ListenOptions>? listen = null, Action<KestrelServerOptions>? kestrel = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port, listen ?? (_ => { }));
            kestrel?.Invoke(options);
        });
        return builder;
    }

    /// <summary>The started app's address, e.g. http://127.0.0.1:41234.</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/'));
}
