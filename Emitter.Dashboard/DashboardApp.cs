using Emitter.Dashboard.Contract;
using Emitter.Dashboard.Ingest;
using Emitter.Dashboard.Streaming;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Emitter.Dashboard;

/// <summary>
/// The dashboard's web app: POST /ingest and /bench from the generator, GET /ws for browsers, the page at /.
/// Built here rather than in Program so tests and benchmarks run the real app on a free port.
/// </summary>
public static class DashboardApp
{
    /// <summary>Where it listens unless --urls, ASPNETCORE_URLS (an app host sets it) or a launch profile says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:3000";

    private const string PostsPolicy = "posts";

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        // Answer only to local names unless AllowedHosts says otherwise: a page on another
        // site cannot reach the dashboard through DNS rebinding.
        if (builder.Configuration["AllowedHosts"] is null)
            builder.Services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"]);

        // A line per ingest POST (ten a second) would drown the log; configuration can ask for them.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.AddServiceDefaults();
        builder.Services.AddOptions<DashboardOptions>().Bind(builder.Configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidation>();
        // Bodies held at once are bounded: a few POSTs read at a time, a short line, 503 beyond it.
        var posts = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.AddConcurrencyLimiter(PostsPolicy, o =>
            {
                o.PermitLimit = Math.Max(1, posts.MaxConcurrentPosts);
                o.QueueLimit = 64;
            });
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OriginCheck>();
        builder.Services.AddSingleton<ClientHub>();

        var app = builder.Build();
        // The page ships inside the assembly: it works wherever the DLL runs, no CDN, no content root.
        var page = new EmbeddedFileProvider(typeof(DashboardApp).Assembly, "Emitter.Dashboard.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.UseWebSockets();
        app.UseRateLimiter();
        app.MapDefaultEndpoints();
        app.MapPost(IngestJson.Path, IngestEndpoint.HandleAsync).RequireRateLimiting(PostsPolicy);
        app.MapPost(BenchJson.Path, BenchEndpoint.HandleAsync).RequireRateLimiting(PostsPolicy);
        app.Map(WebSocketEndpoint.Path, WebSocketEndpoint.HandleAsync);
        app.MapGet("/stats", (ClientHub hub) => Results.Json(new
        {
            flushes = hub.Flushes,
            entries = hub.Entries,
            clients = hub.ClientCount,
            bench_snapshots = hub.BenchSnapshots,
            missed_per_client = hub.MissedPerClient.ToArray(),
            queued_bytes = hub.QueuedBytes,
            dropped_clients = hub.DroppedClients,
            refused_clients = hub.RefusedClients,
        }));
        return app;
    }
}
