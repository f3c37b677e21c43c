namespace Aspire.Hosting.OpenSearch;

/// <summary>
/// The configuration the app host's OpenSearch container runs with (the admin password comes
/// separately, as <c>OPENSEARCH_INITIAL_ADMIN_PASSWORD</c>, which the security plugin requires
/// since 2.12). Security stays on (Basic authentication as <c>admin</c>); only its TLS on the
/// REST port is off, so the connection string works without skip_cert. The container tests
/// run the image's defaults instead (HTTPS with the demo self-signed certificate).
/// </summary>
public static class OpenSearchContainerSettings
{
    /// <summary>The security plugin's built-in superuser.</summary>
    public const string User = "admin";

    public const string PasswordVariable = "OPENSEARCH_INITIAL_ADMIN_PASSWORD";

    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } =
    [
        new("discovery.type", "single-node"),
        new("plugins.security.ssl.http.enabled", "false"),
        new("OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m"),
    ];
}
