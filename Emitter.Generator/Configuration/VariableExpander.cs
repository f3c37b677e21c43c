using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// Replaces <c>${VAR}</c> and <c>${VAR:-default}</c> in every scalar value once the YAML is
/// parsed, so whatever a variable holds stays one value: a password like <c>abc #1</c> stays
/// whole, one starting with <c>*</c> or <c>&amp;</c> never becomes YAML syntax. Comments are not
/// values and are never expanded. An unset variable without a default is an error naming it and
/// its line instead of silently becoming empty. <c>$${</c> writes a literal <c>${</c>. Keys are
/// names, not values: they are left as written.
/// </summary>
public static partial class VariableExpander
{
    [GeneratedRegex(@"\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}")]
    private static partial Regex Reference();

    // Which scalars took a variable's value, so a refusal names the variable instead of printing
    // what it held (a secret, perhaps). Weak: it lives as long as the parsed document.
    private static readonly ConditionalWeakTable<YamlScalarNode, string> FromVariables = new();

    /// <summary>Expands every scalar value under <paramref name="root"/> (parsed from <paramref name="text"/>) in place.</summary>
    public static void ExpandValues(YamlNode root, string text, string file, Func<string, string?> lookup)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance); // an alias shares its anchor's node
        var pending = new Stack<YamlNode>([root]);
        while (pending.TryPop(out var node))
        {
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YamlScalarNode scalar when scalar.Value is { } value && value.Contains('$'):
                    var variables = new List<string>();
                    scalar.Value = Expand(value, file, line => LineOf(text, scalar, line), lookup, variables);
                    if (variables.Count > 0) FromVariables.AddOrUpdate(scalar, string.Join(", ", variables.Select(v => "${" + v + "}")));
                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children) pending.Push(child);
                    break;
                case YamlMappingNode mapping:
                    foreach (var child in mapping.Children.Values) pending.Push(child);
                    break;
            }
        }
    }

    /// <summary>How a value may be shown in an error: quoted as written, or as the variable(s) it came from.</summary>
    public static string Show(YamlScalarNode node) =>
        FromVariables.TryGetValue(node, out var variables) ? $"the value of {variables}" : $"'{node.Value}'";

    /// <summary>The variables a value came from, or null when it was written as it is.</summary>
    public static string? Source(YamlScalarNode node) => FromVariables.TryGetValue(node, out var variables) ? variables : null;

    /// <summary>The line a reference is written on: a block value (| or >) starts lines above it.</summary>
    private static int LineOf(string text, YamlScalarNode scalar, string reference)
    {
        var start = (int)Math.Min(scalar.Start.Index, text.Length);
        var at = text.IndexOf(reference, start, StringComparison.Ordinal);
        return (int)scalar.Start.Line + (at < 0 ? 0 : text.AsSpan(start, at - start).Count('\n'));
    }

    /// <summary>Expands the references in one value (<paramref name="lineOf"/> gives a reference's line, for the error naming an unset variable).</summary>
    private static string Expand(string value, string file, Func<string, int> lineOf, Func<string, string?> lookup, List<string> used) =>
        Reference().Replace(value, match =>
        {
            if (match.Groups[1].Success)
            {
                return match.Value[1..]; // escaped: keep the reference as text
            }

            var name = match.Groups[2].Value;
            used.Add(name);
            var found = lookup(name);
            if (!string.IsNullOrEmpty(found))
            {
                return found;
            }

            if (match.Groups[3].Success)
            {
                return match.Groups[4].Value;
            }

            throw ConfigException.At(file, lineOf(match.Value), "${" + name + "}",
                $"environment variable {name} is not set (give it a value, or a default with ${{{name}:-default}})");
        });
}
