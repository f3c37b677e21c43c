using Aspire.Hosting.OpenSearch;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A single-node OpenSearch in a container, in the shape of the Elasticsearch resource:
/// connection string <c>http://admin:password@host:port</c>, which the generator reads as
/// <c>ConnectionStrings:opensearch</c> and turns into an OpenSearch sink by itself.
/// </summary>
public sealed class OpenSearchResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "http";
    internal const string PerformanceAnalyzerEndpointName = "analyzer";

    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"http://{OpenSearchContainerSettings.User}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
