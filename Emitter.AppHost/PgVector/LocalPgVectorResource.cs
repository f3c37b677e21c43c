namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// PostgreSQL with pgvector run from this machine's installation as an executable resource
/// (no container runtime). Its connection string has the same Npgsql form as the container's; the
/// password in it is the data directory's, known once the resource starts.
/// </summary>
public sealed class LocalPgVectorResource(string name, string command, PendingPassword password, string databaseName)
    : ExecutableResource(name, command, "/"), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    public PendingPassword Password { get; } = password;

    public string DatabaseName { get; } = databaseName;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{new LocalPgVectorConnectionString(this)}");
}
