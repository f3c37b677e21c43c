using Emitter.AppHost.PgVector;
using Emitter.Processes;
using Microsoft.Extensions.Configuration;

namespace Emitter.AppHost.Topology;

/// <summary>
/// Without a container runtime: this machine's PostgreSQL+pgvector as an executable when it is
/// installed (scripts/pgvector-install.sh), else connection strings the user gives
/// (ConnectionStrings:pgvector, :qdrant, :elasticsearch, :opensearch), else that sink is left out.
/// </summary>
public static class LocalTopology
{
    public const string DataDirectoryKey = "Emitter:PgVector:DataDirectory";
    public const string PortKey = "Emitter:PgVector:Port";
    public const string LocalServerKey = "Emitter:PgVector:LocalServer";
    public const string DefaultDataDirectory = "/var/tmp/emitter-apphost-pgvector";

    public static void Add(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> generator, AppHostNotices notices, IProcessRunner runner)
    {
        AddPgVector(builder, generator, notices, runner);
        foreach (var name in new[] { "qdrant", "elasticsearch", "opensearch" })
        {
            if (builder.Configuration.GetConnectionString(name) is null)
            {
                notices.Add($"{name}: left out (no container runtime and no ConnectionStrings:{name}).");
                continue;
            }
            generator.WithReference(builder.AddConnectionString(name));
            notices.Add($"{name}: the server in ConnectionStrings:{name}.");
        }
    }

    private static void AddPgVector(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> generator, AppHostNotices notices, IProcessRunner runner)
    {
        var wanted = builder.Configuration.GetValue(LocalServerKey, true);
        if (wanted && LocalPostgres.Find() is { } server)
        {
            var dataDirectory = builder.Configuration[DataDirectoryKey] ?? DefaultDataDirectory;
            var port = builder.Configuration.GetValue<int?>(PortKey);
            var pgvector = builder.AddLocalPgVector("pgvector", server, dataDirectory, port, runner);
            generator.WithReference(pgvector).WaitFor(pgvector);
            notices.Add($"pgvector: this machine's PostgreSQL {server.Major} with pgvector, data in {dataDirectory}.");
        }
        else if (builder.Configuration.GetConnectionString("pgvector") is not null)
        {
            generator.WithReference(builder.AddConnectionString("pgvector"));
            notices.Add("pgvector: the server in ConnectionStrings:pgvector.");
        }
        else
        {
            notices.Add(wanted
                ? "pgvector: left out (PostgreSQL with pgvector is not installed: run scripts/pgvector-install.sh; or give ConnectionStrings:pgvector)."
                : $"pgvector: left out ({LocalServerKey}=false and no ConnectionStrings:pgvector).");
        }
    }
}
