using System.Text.RegularExpressions;
using Emitter.Generator.Sinks;

namespace Emitter.Generator.Stores.PgVector;

/// <summary>Table names are plain SQL identifiers, folded to lower case as PostgreSQL folds unquoted names.</summary>
public static partial class PgVectorIdentifier
{
    public static bool TryNormalize(string text, out string identifier)
    {
        identifier = text.ToLowerInvariant();
        return Plain().IsMatch(identifier);
    }

    /// <summary>Double-quoted for SQL text (safe: <see cref="TryNormalize"/> admits no quotes).</summary>
    public static string Quote(string identifier) => $"\"{identifier}\"";

    // 63 bytes is PostgreSQL's identifier limit; index names add a suffix (at most 16 characters), so keep room.
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,46}$")]
    private static partial Regex Plain();
}
