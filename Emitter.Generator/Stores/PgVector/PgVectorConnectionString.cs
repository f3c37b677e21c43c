using System.Data.Common;
using System.Text.RegularExpressions;
using Emitter.Generator.Configuration;
using Emitter.Generator.Sinks;
using Npgsql;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>
/// Reads Npgsql's <c>Host=...;Password=...</c> form (what Aspire injects) and the URI form
/// <c>postgres://user:password@host:port/database?sslmode=require</c>, whose query parameters are
/// libpq's names (mapped to Npgsql's keywords) or Npgsql's own keywords; an unknown one is refused
/// by name, never dropped (a lost sslmode would mean plaintext). A refusal never repeats the password.
/// </summary>
public static class PgVectorConnectionString
{
    // libpq's URI parameters (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-PARAMKEYWORDS)
    // that Npgsql also implements, under Npgsql's keyword.
    private static readonly Dictionary<string, string> LibpqNames = new(StringComparer.Ordinal)
    {
        ["host"] = "Host", ["port"] = "Port", ["dbname"] = "Database", ["user"] = "Username", ["password"] = "Password",
        ["sslmode"] = "SSL Mode", ["sslcert"] = "SSL Certificate", ["sslkey"] = "SSL Key", ["sslrootcert"] = "Root Certificate",
        ["sslpassword"] = "SSL Password", ["connect_timeout"] = "Timeout", ["application_name"] = "Application Name",
        ["client_encoding"] = "Client Encoding", ["options"] = "Options", ["target_session_attrs"] = "Target Session Attributes",
        ["channel_binding"] = "Channel Binding", ["gssencmode"] = "GSS Encryption Mode", ["krbsrvname"] = "Kerberos Service Name",
        ["keepalives"] = "Tcp Keepalive", ["keepalives_idle"] = "Tcp Keepalive Time", ["keepalives_interval"] = "Tcp Keepalive Interval",
        ["load_balance_hosts"] = "Load Balance Hosts",
    };

    public static NpgsqlConnectionStringBuilder Parse(string text, Func<string, Exception> refuse)
    {
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return FromUri(text, refuse);
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return Refuse(refuse, $"not a valid connection string ({Reason(text)})");
        }
    }

    /// <summary>
    /// What is wrong, in words of our own: Npgsql's message repeats the piece it could not read,
    /// and after a password holding an unquoted ';' that piece is part of the password. An unknown
    /// keyword is named only when it stands before any password keyword; a known keyword with a bad
    /// value is named, its value never.
    /// </summary>
    private static string Reason(string text)
    {
        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            return "not a list of Keyword=value separated by ';' (a value holding ';' or '=' goes in quotes); not shown: it may hold a password";
        }

        var secretsFrom = text.IndexOf("password", StringComparison.OrdinalIgnoreCase);
        var keywords = pairs.Keys.Cast<string>().ToList();
        var unknown = keywords.Where(k => !new NpgsqlConnectionStringBuilder().ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            var shown = unknown.Where(k => secretsFrom < 0 || KeywordAt(text, k) is >= 0 and var at && at < secretsFrom).ToList();
            var hidden = unknown.Count - shown.Count;
            return $"keyword{(unknown.Count > 1 ? "s" : "")} Npgsql does not know: "
                + string.Join(", ", shown.Select(k => $"'{k}'").Append(hidden > 0 ? $"{hidden} after a password, not shown (a password holding ';' goes in quotes)" : null).OfType<string>());
        }

        var bad = keywords.FirstOrDefault(k =>
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder { [k] = pairs[k] };
                return false;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                return true;
            }
        });
        return bad is null ? "Npgsql refuses it; not shown: it may hold a password" : $"the value of {bad} is not one Npgsql takes (not shown)";
    }

    /// <summary>Where <paramref name="keyword"/> is written as a keyword (at the start or after ';', before '='), or -1.</summary>
    private static int KeywordAt(string text, string keyword) =>
        Regex.Match(text, $@"(?:^|;)\s*{Regex.Escape(keyword)}\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) is { Success: true } m ? m.Index : -1;

    private static NpgsqlConnectionStringBuilder FromUri(string text, Func<string, Exception> refuse)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return Refuse(refuse, "not a valid postgres:// URI (expected postgres://user:password@host:port/database)");
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "postgres",
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = parameter.Split('=', 2);
            Set(builder, Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "", refuse);
        }
        return builder;
    }

    private static void Set(NpgsqlConnectionStringBuilder builder, string name, string value, Func<string, Exception> refuse)
    {
        var keyword = LibpqNames.GetValueOrDefault(name) ?? name;
        value = name switch
        {
            "sslmode" => value.Replace("-", "", StringComparison.Ordinal), // verify-full is Npgsql's VerifyFull
            "keepalives" => value == "0" ? "false" : "true",
            "load_balance_hosts" => value == "random" ? "true" : value == "disable" ? "false" : value,
            _ => value,
        };
        if (!builder.ContainsKey(keyword) && !LibpqNames.ContainsKey(name))
            Refuse(refuse, $"unknown parameter {SinkUrls.Quote(name)} in the postgres:// URI (known: {string.Join(", ", LibpqNames.Keys)}, or an Npgsql connection string keyword)");
        try
        {
            builder[keyword] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            var shown = keyword.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "(not shown)" : SinkUrls.Quote(value);
            Refuse(refuse, $"parameter {name} in the postgres:// URI: invalid value {shown}");
        }
    }

    private static NpgsqlConnectionStringBuilder Refuse(Func<string, Exception> refuse, string problem) => throw refuse(problem);
}
