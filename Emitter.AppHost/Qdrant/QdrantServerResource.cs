namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Qdrant server in a container, shaped like Aspire.Hosting.Qdrant's resource (not served
/// here): gRPC is the primary endpoint, the connection string is <c>Endpoint=...;Key=...</c>.
/// </summary>
public sealed class QdrantServerResource(string name, ParameterResource apiKey) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "grpc";
    internal const string HttpEndpointName = "http";

    public ParameterResource ApiKeyParameter { get; } = apiKey ?? throw new ArgumentNullException(nameof(apiKey));

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public EndpointReference HttpEndpoint => field ??= new(this, HttpEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)};Key={ApiKeyParameter}");

    public ReferenceExpression HttpConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={HttpEndpoint.Property(EndpointProperty.Url)};Key={ApiKeyParameter}");
}
