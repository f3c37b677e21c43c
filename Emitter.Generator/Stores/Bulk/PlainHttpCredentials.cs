namespace Emitter.Generator.Stores.Bulk;

/// <summary>
/// Credentials sent to a <c>_bulk</c> store over plain <c>http://</c> travel readable on the wire
/// (basic authentication is only base64; an API key is sent as it is): the run goes on, as a local
/// server without TLS is common, but says so once, at start. The line names which credential and
/// the address (already stripped of user information), never a value.
/// </summary>
public static class PlainHttpCredentials
{
    /// <summary>The warning for <paramref name="server"/> at <paramref name="url"/>, or null when nothing secret goes over plain http.</summary>
    public static string? Warning(string server, Uri url, string? user, string? apiKey)
    {
        if (url.Scheme != Uri.UriSchemeHttp) return null;
        var what = apiKey is not null ? "an API key (api_key)" : user is not null ? $"the password of user '{user}'" : null;
        return what is null ? null
            : $"{what} goes to {server} at {url} over plain http://, readable by anyone on the network path: use an https:// address for a server that is not on this machine";
    }
}
