using Aspire.Hosting.Elasticsearch;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A single-node Elasticsearch in a container, shaped like Aspire.Hosting.Elasticsearch's
/// resource (not served here): connection string <c>http://elastic:password@host:port</c>.
/// </summary>
public sealed class ElasticsearchResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    private const string UserName = ElasticsearchContainerSettings.User;
    internal const string PrimaryEndpointName = "http";
    internal const string InternalEndpointName = "internal";

    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"http://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
