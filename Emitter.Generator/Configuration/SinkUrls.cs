namespace Emitter.Generator.Configuration;

/// <summary>Server addresses as sinks accept them, and as they may appear in messages (never with a password).</summary>
public static class SinkUrls
{
    /// <summary>An absolute http(s) address, or null.</summary>
    public static Uri? TryParse(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    /// <summary>The address without user information, for logs and errors.</summary>
    public static string Redact(Uri uri) =>
        uri.UserInfo.Length == 0 ? uri.ToString() : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();

    /// <summary>A value the user wrote that did not parse: shown only if it cannot carry a password.</summary>
    public static string Quote(string text) => text.Contains('@') ? "(the value, not shown: it may hold a password)" : $"'{text}'";
}
