using Emitter.Generator.Reporting;
using Emitter.Generator.Stores.PgVector;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Emitter.Generator;

/// <summary>
/// The generic host the generator runs its telemetry, health checks and logging in. Alone it
/// opens no port; when an app host gives it URLs (ASPNETCORE_URLS, or HTTP_PORTS) it also
/// serves /health and /alive so the app host can tell when it is up.
/// </summary>
internal static class GeneratorHost
{
    private static readonly string[] UrlVariables = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "HTTP_PORTS"];

    public static bool ServesHealth(Func<string, string?> environment) =>
        UrlVariables.Any(name => !string.IsNullOrWhiteSpace(environment(name)));

    public static IHost Build(TextWriter stderr, TimeProvider time, Func<string, string?> environment)
    {
        if (!ServesHealth(environment))
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
            Configure(builder, stderr, time);
            return builder.Build();
        }

        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        Configure(web, stderr, time);
        var app = web.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    private static void Configure(IHostApplicationBuilder builder, TextWriter stderr, TimeProvider time)
    {
        // stdout belongs to the stdout sink: every log line goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TextWriterLoggerProvider(stderr, time));
        builder.Logging.AddFilter("Microsoft", Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Logging.AddFilter("System", Microsoft.Extensions.Logging.LogLevel.Warning);
        // The resilience handler logs every HTTP attempt (the OTLP export's too) at Information.
        builder.Logging.AddFilter("Polly", Microsoft.Extensions.Logging.LogLevel.Warning);
        // Ctrl+C and SIGTERM belong to GeneratorApp (drain, then report; a second one exits at once).
        // The console lifetime would also take them, and its process-exit handler would hold that exit.
        builder.Services.AddSingleton<IHostLifetime, SignalsHandledByTheApp>();
        builder.AddServiceDefaults();
        // An app host's PostgreSQL: its data source (health check, traces, metrics) for the pgvector sink it announces.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(PgVectorDataSource.ConnectionName)))
            builder.AddKeyedNpgsqlDataSource(PgVectorDataSource.ConnectionName, configureDataSourceBuilder: PgVectorDataSource.Configure);
    }

    private sealed class SignalsHandledByTheApp : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
