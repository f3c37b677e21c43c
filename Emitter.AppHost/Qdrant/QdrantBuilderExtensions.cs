using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Utils;
using Emitter.AppHost;

namespace Aspire.Hosting;

/// <summary>
/// AddQdrant in the shape of Aspire.Hosting.Qdrant (same image, ports, environment and
/// connection strings), so the official package can replace this file when it is served.
/// </summary>
public static class QdrantBuilderExtensions
{
    private const int GrpcPort = 6334;
    private const int HttpPort = 6333;
    private const string ApiKeyVariable = "QDRANT__SERVICE__API_KEY";

    public static IResourceBuilder<QdrantServerResource> AddQdrant(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? apiKey = null, int? grpcPort = null, int? httpPort = null)
    {
        var apiKeyParameter = apiKey?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-Key", special: false);
        var qdrant = new QdrantServerResource(name, apiKeyParameter);

        // The official integration checks health over gRPC with the client; /readyz needs no
        // API key and says the same without pulling Qdrant.Client into the app host.
        var (registry, image, tag) = ServerImages.Parts(ServerImages.Qdrant);
        return builder.AddResource(qdrant)
            .WithImage(image, tag)
            .WithImageRegistry(registry)
            .WithHttpEndpoint(port: grpcPort, targetPort: GrpcPort, name: QdrantServerResource.PrimaryEndpointName)
            .WithEndpoint(QdrantServerResource.PrimaryEndpointName, endpoint => endpoint.Transport = "http2")
            .WithHttpEndpoint(port: httpPort, targetPort: HttpPort, name: QdrantServerResource.HttpEndpointName)
            .WithEnvironment(context => context.EnvironmentVariables[ApiKeyVariable] = qdrant.ApiKeyParameter)
            .WithHttpHealthCheck("/readyz", endpointName: QdrantServerResource.HttpEndpointName)
            .WithUrlForEndpoint(QdrantServerResource.HttpEndpointName, url => url.DisplayText = "Qdrant (HTTP)");
    }

    public static IResourceBuilder<QdrantServerResource> WithDataVolume(this IResourceBuilder<QdrantServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/qdrant/storage");

    /// <summary>Both connection strings, as the official WithReference injects them (gRPC, and HTTP as name_http).</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(this IResourceBuilder<TDestination> builder,
        IResourceBuilder<QdrantServerResource> qdrant) where TDestination : IResourceWithEnvironment =>
        builder.WithEnvironment(context =>
        {
            context.EnvironmentVariables[$"ConnectionStrings__{qdrant.Resource.Name}"] = qdrant.Resource.ConnectionStringExpression;
            context.EnvironmentVariables[$"ConnectionStrings__{qdrant.Resource.Name}_{QdrantServerResource.HttpEndpointName}"] =
                qdrant.Resource.HttpConnectionStringExpression;
        });
}
