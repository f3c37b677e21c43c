using Npgsql;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The local server's connection string, built with Npgsql's own builder once the port and the
/// password are known: a configured password such as <c>x;Host=elsewhere</c> is quoted as a value,
/// never read as more keywords (text put together by hand would let it redirect the generator).
/// A published manifest gets the same keywords as expressions.
/// </summary>
public sealed class LocalPgVectorConnectionString(LocalPgVectorResource resource) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    private EndpointReferenceExpression Port => resource.PrimaryEndpoint.Property(EndpointProperty.Port);

    public string ValueExpression =>
        $"Host=127.0.0.1;Port={Port.ValueExpression};Username=postgres;Password={resource.Password.ValueExpression};Database={resource.DatabaseName}";

    public IEnumerable<object> References => [resource.PrimaryEndpoint, resource.Password];

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var port = await Port.GetValueAsync(cancellationToken);
        var password = await resource.Password.GetValueAsync(cancellationToken);
        return Build(int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture), password!, resource.DatabaseName);
    }

    /// <summary>The connection string for this machine's server (the health check uses it too).</summary>
    public static string Build(int port, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Password = password,
        Database = database,
    }.ConnectionString;
}
