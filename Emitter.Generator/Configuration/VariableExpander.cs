using System.Text;
using System.Text.RegularExpressions;

namespace Emitter.Generator.Configuration;

/// <summary>
/// Replaces <c>${VAR}</c> and <c>${VAR:-default}</c> in the raw config text, as the original
/// did, but an unset variable without a default is an error naming it and its line instead of
/// silently becoming empty. <c>$${</c> writes a literal <c>${</c>.
/// </summary>
public static partial class VariableExpander
{
    [GeneratedRegex(@"\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}")]
    private static partial Regex Reference();

    public static string Expand(string text, string file, Func<string, string?> lookup)
    {
        var lines = text.Split('\n');
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var comment = CommentStart(lines[i]);
            output.Append(Reference().Replace(lines[i][..comment], match =>
            {
                if (match.Groups[1].Success)
                {
                    return match.Value[1..]; // escaped: keep the reference as text
                }

                var name = match.Groups[2].Value;
                var value = lookup(name);
                if (!string.IsNullOrEmpty(value))
                {
                    return value;
                }

                if (match.Groups[3].Success)
                {
                    return match.Groups[4].Value;
                }

                throw ConfigException.At(file, lineNumber, "${" + name + "}",
                    $"environment variable {name} is not set (give it a value, or a default with ${{{name}:-default}})");
            }));
            output.Append(lines[i].AsSpan(comment));
            if (i < lines.Length - 1)
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }

    /// <summary>Where a YAML comment starts (a # at the start or after white space, outside quotes): references there are text.</summary>
    private static int CommentStart(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return i;
            }
        }
        return line.Length;
    }
}
