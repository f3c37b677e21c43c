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
    /// Nothing runs while the model is built: the cluster (initdb, the database, the generated
    /// password) is prepared when the app starts, in run mode only.
    /// </summary>
    public static IResourceBuilder<LocalPgVectorResource> AddLocalPgVector(this IDistributedApplicationBuilder builder,
        string name, LocalPostgres server, string dataDirectory, int? port, IProcessRunner runner)
    {
        var configuredPassword = builder.Configuration[$"Parameters:{name}-password"];
        var chosenPort = port ?? LoopbackPorts.Free();
        var (command, args) = PostgresUser.Wrap(server.Postgres,
            "-D", dataDirectory, "-p", chosenPort.ToString(), "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1");
        // Not added to the model: in run mode the data directory's password is used, never this one.
        var password = new PendingPassword(ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password"));
        var resource = new LocalPgVectorResource(name, command, password, DatabaseName);

        var healthCheckKey = $"{name}_check";
        // Health checks run once the resource is up, so the password is known by then.
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => LocalPgVectorConnectionString.Build(chosenPort, password.Value ?? throw new InvalidOperationException($"{name}: the data directory is not prepared yet"), DatabaseName),
            name: healthCheckKey);

        // Not proxied: postgres itself listens on the port the connection string names.
        var pgvector = builder.AddResource(resource)
            .WithArgs(args)
            .WithEndpoint(port: chosenPort, targetPort: chosenPort, scheme: "tcp", name: LocalPgVectorResource.PrimaryEndpointName, isProxied: false)
            .WithHealthCheck(healthCheckKey);
        if (builder.ExecutionContext.IsRunMode)
        {
            // Before anything starts, not when this resource does: Aspire resolves the resource's
            // connection string (which carries the password) just before its BeforeResourceStartedEvent.
            builder.Eventing.Subscribe<BeforeStartEvent>(async (_, ct) =>
            {
                try
                {
                    password.Set(await LocalPostgresCluster.EnsureAsync(runner, server, dataDirectory, DatabaseName, configuredPassword, ct));
                }
                catch (Exception e)
                {
                    password.Fail(e);
                    throw;
                }
            });
        }
        return pgvector;
    }
}
