using System.Text.RegularExpressions;
using Npgsql;

namespace Emitter.Generator.Sinks.PgVector;

/// <summary>
/// Reads Npgsql's <c>Host=...;Password=...</c> form (what Aspire injects) and the URI form
/// <c>postgres://user:password@host:port/database</c>; a refusal never repeats the password.
/// </summary>
public static partial class PgVectorConnectionString
{
    public static NpgsqlConnectionStringBuilder Parse(string text, Func<string, Exception> refuse)
    {
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return FromUri(text, refuse);
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException e)
        {
            var password = PasswordValue().Match(text) is { Success: true } m ? m.Groups[1].Value : "";
            var reason = password.Length > 0 ? e.Message.Replace(password, "***", StringComparison.Ordinal) : e.Message;
            return Refuse(refuse, $"not a valid connection string ({reason})");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text, Func<string, Exception> refuse)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return Refuse(refuse, "not a valid postgres:// URI (expected postgres://user:password@host:port/database)");
        var userInfo = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "postgres",
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
    }

    private static NpgsqlConnectionStringBuilder Refuse(Func<string, Exception> refuse, string problem) => throw refuse(problem);

    [GeneratedRegex("(?i)password\\s*=\\s*([^;]*)")]
    private static partial Regex PasswordValue();
}
