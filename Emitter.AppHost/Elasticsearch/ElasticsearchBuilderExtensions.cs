using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Elasticsearch;
using Aspire.Hosting.Utils;
using Emitter.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// AddElasticsearch in the shape of Aspire.Hosting.Elasticsearch (same image family, ports,
/// environment and connection string), so the official package can replace this file.
/// </summary>
public static class ElasticsearchBuilderExtensions
{
    private const int HttpPort = 9200;
    private const int InternalPort = 9300;

    public static IResourceBuilder<ElasticsearchResource> AddElasticsearch(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        var passwordParameter = password?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var elasticsearch = new ElasticsearchResource(name, passwordParameter);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(elasticsearch, async (_, ct) =>
            connectionString = await elasticsearch.ConnectionStringExpression.GetValueAsync(ct));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new ElasticsearchHealthCheck(() => connectionString), failureStatus: default, tags: default));

        var (registry, image, tag) = ServerImages.Parts(ServerImages.Elasticsearch);
        var container = builder.AddResource(elasticsearch)
            .WithImage(image, tag)
            .WithImageRegistry(registry)
            .WithHttpEndpoint(targetPort: HttpPort, port: port, name: ElasticsearchResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: InternalPort, name: ElasticsearchResource.InternalEndpointName)
            .WithEnvironment(context => context.EnvironmentVariables["ELASTIC_PASSWORD"] = elasticsearch.PasswordParameter)
            .WithHealthCheck(healthCheckKey);
        foreach (var (key, value) in ElasticsearchContainerSettings.Environment) container.WithEnvironment(key, value);
        return container;
    }

    public static IResourceBuilder<ElasticsearchResource> WithDataVolume(this IResourceBuilder<ElasticsearchResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/usr/share/elasticsearch/data");
}
