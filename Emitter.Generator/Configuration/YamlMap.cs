using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Emitter.Generator.Configuration;

/// <summary>
/// Reads one YAML mapping with its path ("services[1].level_weights") and line numbers, so
/// every refusal names the file, key and line. Typed getters return null for absent keys.
/// </summary>
internal sealed class YamlMap(YamlMappingNode node, string path, string file)
{
    public string File { get; } = file;
    public string Path { get; } = path;
    public int Line => (int)node.Start.Line;

    public IEnumerable<(string Key, YamlNode Value, int Line)> Entries =>
        node.Children.Select(kv => (KeyName(kv.Key), kv.Value, (int)kv.Key.Start.Line));

    public static YamlMap From(YamlNode node, string path, string file) => node is YamlMappingNode map
        ? new YamlMap(map, path, file)
        : throw ConfigException.At(file, (int)node.Start.Line, path, $"expected a mapping of keys, got {Describe(node)}");

    public void OnlyKeys(params string[] known)
    {
        foreach (var (key, _, line) in Entries.Where(e => !known.Contains(e.Key)))
            throw ConfigException.At(File, line, Key(key), $"unknown key (known keys here: {string.Join(", ", known)})");
    }

    public YamlNode? Node(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public string? String(string key) => Node(key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var other => throw Error(key, other, $"expected a single value, got {Describe(other)}"),
    };

    public double? Double(string key) => Parse<double>(key, "a number",
        t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null);

    public int? Int(string key) => Parse(key, "a whole number",
        t => int.TryParse(t.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    public ulong? ULong(string key) => Parse(key, "a whole number of 0 or more",
        t => ulong.TryParse(t.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (ulong?)null);

    public bool? Bool(string key) => String(key)?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var other => throw Error(key, $"expected true or false, got '{other}'"),
    };

    public YamlMap? Map(string key) => Node(key) is { } n ? From(n, Key(key), File) : null;

    public IReadOnlyList<YamlNode>? Sequence(string key) => Node(key) switch
    {
        null => null,
        YamlSequenceNode s => s.Children.ToList(),
        var other => throw Error(key, other, $"expected a list, got {Describe(other)}"),
    };

    public string Key(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public int LineOf(string key) => Node(key) is { } n ? (int)n.Start.Line : Line;

    public ConfigException Error(string key, string problem) => ConfigException.At(File, LineOf(key), Key(key), problem);

    private ConfigException Error(string key, YamlNode at, string problem) =>
        ConfigException.At(File, (int)at.Start.Line, Key(key), problem);

    /// <summary>The key's value as an error may show it: quoted as written, or named by the variable it came from.</summary>
    public string Shown(string key) => Node(key) is YamlScalarNode s ? VariableExpander.Show(s) : "''";

    private T? Parse<T>(string key, string expected, Func<string, T?> parse) where T : struct
    {
        if (String(key) is not { } text) return null;
        return parse(text.Trim()) ?? throw Error(key, $"expected {expected}, got {Shown(key)}");
    }

    // A key is a name; YAML also allows a list or mapping as a key ("? [a, b]"), which no setting is.
    private string KeyName(YamlNode key) => key is YamlScalarNode s
        ? s.Value ?? ""
        : throw ConfigException.At(File, (int)key.Start.Line, Path.Length == 0 ? "(key)" : Path, $"a key must be a plain name, got {Describe(key)}");

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s
        && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => VariableExpander.Show(s),
        _ => node.NodeType.ToString(),
    };
}
