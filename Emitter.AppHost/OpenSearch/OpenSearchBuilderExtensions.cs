using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Elasticsearch;
using Aspire.Hosting.OpenSearch;
using Aspire.Hosting.Utils;
using Emitter.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// AddOpenSearch in the same thin shape as AddElasticsearch: the official image, its REST port
/// (9200) and performance analyzer port (9600), a generated admin password, a health check on
/// <c>_cluster/health</c> with those credentials.
/// </summary>
public static class OpenSearchBuilderExtensions
{
    private const int HttpPort = 9200;
    private const int PerformanceAnalyzerPort = 9600;

    public static IResourceBuilder<OpenSearchResource> AddOpenSearch(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        // The security plugin refuses weak initial passwords: the generated one has every character class.
        var passwordParameter = password?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", minLower: 1, minUpper: 1, minNumeric: 1, minSpecial: 1);
        var opensearch = new OpenSearchResource(name, passwordParameter);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(opensearch, async (_, ct) =>
            connectionString = await opensearch.ConnectionStringExpression.GetValueAsync(ct));

        // The same question as Elasticsearch's: cluster health yellow or green with the credentials.
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new ElasticsearchHealthCheck(() => connectionString), failureStatus: default, tags: default));

        var (registry, image, tag) = ServerImages.Parts(ServerImages.OpenSearch);
        var container = builder.AddResource(opensearch)
            .WithImage(image, tag)
            .WithImageRegistry(registry)
            .WithHttpEndpoint(targetPort: HttpPort, port: port, name: OpenSearchResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: PerformanceAnalyzerPort, name: OpenSearchResource.PerformanceAnalyzerEndpointName)
            .WithEnvironment(context => context.EnvironmentVariables[OpenSearchContainerSettings.PasswordVariable] = opensearch.PasswordParameter)
            .WithHealthCheck(healthCheckKey);
        foreach (var (key, value) in OpenSearchContainerSettings.Environment) container.WithEnvironment(key, value);
        return container;
    }

    public static IResourceBuilder<OpenSearchResource> WithDataVolume(this IResourceBuilder<OpenSearchResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/usr/share/opensearch/data");
}
