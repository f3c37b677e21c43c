using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Emitter.AppHost;
using Emitter.AppHost.PgVector;
using Emitter.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>PostgreSQL with pgvector, as a container or as this machine's server.</summary>
public static class PgVectorBuilderExtensions
{
    public const string DatabaseName = "emitter";

    /// <summary>The pgvector image through Aspire.Hosting.PostgreSQL; the database resource is what sinks reference.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddPgVectorContainer(this IDistributedApplicationBuilder builder, string name, bool dataVolume)
    {
        var (registry, image, tag) = ServerImages.Parts(ServerImages.PgVector);
        var server = builder.AddPostgres($"{name}-server")
            .WithImage(image, tag)
            .WithImageRegistry(registry);
        if (dataVolume) server.WithDataVolume();
        return server.AddDatabase(name, DatabaseName);
    }

    /// <summary>
    /// This machine's postgres (run as user postgres when the app host is root) on 127.0.0.1, on
    /// <paramref name="port"/> or a free one, with its data in <paramref name="dataDirectory"/>.
    /// The cluster is prepared here, before the resource starts.
    /// </summary>
    public static async Task<IResourceBuilder<LocalPgVectorResource>> AddLocalPgVectorAsync(this IDistributedApplicationBuilder builder,
        string name, LocalPostgres server, string dataDirectory, int? port, IProcessRunner runner, CancellationToken ct = default)
    {
        var password = builder.Configuration[$"Parameters:{name}-password"] ?? "emitter";
        await LocalPostgresCluster.EnsureAsync(runner, server, dataDirectory, password, DatabaseName, ct);

        var chosenPort = port ?? FreePort();
        var (command, args) = PostgresUser.Wrap(server.Postgres,
            "-D", dataDirectory, "-p", chosenPort.ToString(), "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1");
        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);
        var resource = new LocalPgVectorResource(name, command, passwordParameter.Resource, DatabaseName);

        var healthCheckKey = $"{name}_check";
        var connectionString = $"Host=127.0.0.1;Port={chosenPort};Username=postgres;Password={password};Database={DatabaseName}";
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: healthCheckKey);

        // Not proxied: postgres itself listens on the port the connection string names.
        return builder.AddResource(resource)
            .WithArgs(args)
            .WithEndpoint(port: chosenPort, targetPort: chosenPort, scheme: "tcp", name: LocalPgVectorResource.PrimaryEndpointName, isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
